// lib/server/: the listening side: [server] settings as Fastify options, safe defaults, graceful shutdown.
export * from './graceful-close.js';
export * from './server-options.js';
export * from './shutdown-state.js';
