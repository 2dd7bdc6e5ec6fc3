// lib/views/: finding a request's view among its candidates, calling it and rendering its result; renderers.
export * from './append-slash.js';
export * from './call-view.js';
export * from './exception-views.js';
export * from './render.js';
export * from './renderers.js';
export * from './rendering.js';
export * from './schema/index.js';
export * from './throttle/index.js';
