// lib/security/: what security policies are built from: ACLs, auth tickets, Basic credentials, signing, session keys.
export * from './acl.js';
export * from './auth-ticket.js';
export * from './basic-auth.js';
export * from './remember.js';
export * from './session-helper.js';
export * from './session-keys.js';
export * from './signing.js';
