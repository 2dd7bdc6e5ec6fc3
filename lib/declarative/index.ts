// lib/declarative/: configuration declared beside the code (decorators, call sites); inversify glue.
export * from './call-site.js';
export * from './decorators.js';
export * from './injection.js';
export * from './resolvable.js';
