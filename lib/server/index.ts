// lib/server/: the listening side: [server] settings as Fastify options, safe defaults, graceful shutdown.
export * from './server-options.js';
