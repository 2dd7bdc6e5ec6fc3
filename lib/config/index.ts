// lib/config/: the Configurator, a file per directive's concern; commit runs the actions, builds the app.
export * from './actions.js';
export * from './app-builder.js';
export * from './app-loader.js';
export * from './assets.js';
export * from './commands.js';
export * from './configurator.js';
export * from './configure-fastify.js';
export * from './derivers.js';
export * from './factories.js';
export * from './include.js';
export * from './registry.js';
export * from './routes.js';
export * from './scan.js';
export * from './security.js';
export * from './subscribers.js';
export * from './tweens.js';
export * from './views.js';
