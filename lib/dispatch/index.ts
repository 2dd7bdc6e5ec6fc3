// lib/dispatch/: one request's way: tweens, route groups, root and traversal, the view, the response sent.
export * from './route-groups.js';
export * from './runtime.js';
export * from './traversal.js';
export * from './tweens.js';
