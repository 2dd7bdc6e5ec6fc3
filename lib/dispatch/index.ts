// lib/dispatch/: one request's way: tweens, route groups, root and traversal, the view, the response sent.
// host-check.ts also declares the `zigguratAnyHost` route option on Fastify's route config.
export * from './host-check.js';
export * from './route-groups.js';
export * from './runtime.js';
export * from './traversal.js';
export * from './tweens.js';
