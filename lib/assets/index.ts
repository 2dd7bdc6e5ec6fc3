// lib/assets/: files an app serves or reads: asset paths and their overrides, static views and their URLs.
export * from './asset-paths.js';
export * from './static-views.js';
