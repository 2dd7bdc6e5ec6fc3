// Whether an app is shutting down: closeGracefully sets it first, and readiness checks read it.
import type { FastifyInstance } from 'fastify';

const SHUTTING_DOWN = new WeakSet<FastifyInstance>();

/**
 * Whether `closeGracefully(app)` has begun: from then on a readiness endpoint answers 503, so that a
 * load balancer stops sending requests while the app still serves the ones that come.
 * @example app.get('/ready', (_request, reply) => reply.code(isShuttingDown(app) ? 503 : 200).send());
 */
export function isShuttingDown(app: FastifyInstance): boolean {
  return SHUTTING_DOWN.has(app);
}

/** Mark `app` as shutting down (closeGracefully's first step). */
export function markShuttingDown(app: FastifyInstance): void {
  SHUTTING_DOWN.add(app);
}
