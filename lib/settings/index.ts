// lib/settings/: reading settings: values that may come as strings, and settings files with their overrides.
export * from './key-lines.js';
export * from './server-section.js';
export * from './settings-file.js';
export * from './unknown-settings.js';
export * from './values.js';
