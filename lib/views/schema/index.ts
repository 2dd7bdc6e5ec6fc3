// lib/views/schema/: the `schema` view option: the request type it gives a view, validation before the view, serialization by the json renderer.
export * from './check.js';
export * from './compile.js';
export * from './serialize.js';
export * from './types.js';
export * from './validate.js';
