// lib/http/: the values a request is handled with: Request, Response, headers, HTTP exceptions, events, URLs.
export type { AppUrlOptions } from './app-url.js';
export * from './events.js';
export * from './exceptions/index.js';
export * from './request.js';
export * from './response.js';
export * from './response-headers.js';
export * from './url.js';
