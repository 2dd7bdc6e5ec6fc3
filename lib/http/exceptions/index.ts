// lib/http/exceptions/: the HTTP exceptions: the base classes and one class per status.
export * from './base.js';
export * from './classes.js';
export * from './problem-preference.js';
export * from './validation.js';
