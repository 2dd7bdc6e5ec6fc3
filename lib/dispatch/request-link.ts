// From a Fastify request to the Request Ziggurat made for it: what the request log reads once the
// response is out. Kept only while the log is on (Runtime.linkRequests), under a key Fastify's request
// is decorated with, so every request keeps one shape.
import type { FastifyRequest } from 'fastify';
import type { Request } from '../http/request.js';

/** The key on Fastify's request (decorated with null by makeApp when the request log is on). */
export const REQUEST_OF = Symbol('ziggurat.requestOf');

/** Remember `request` on its Fastify request (the first one made wins: a subrequest's never replaces it). */
export function linkRequest(fastifyRequest: FastifyRequest, request: Request): void {
  const holder = fastifyRequest as unknown as Record<symbol, Request | null>;
  if (holder[REQUEST_OF] == null) holder[REQUEST_OF] = request;
}

/** The Request Ziggurat made for a Fastify request, or null (a static file, or the log is off). */
export function requestOf(fastifyRequest: FastifyRequest): Request | null {
  return (fastifyRequest as unknown as Record<symbol, Request | null>)[REQUEST_OF] ?? null;
}
