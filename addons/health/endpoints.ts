// The readiness and liveness endpoints: plain Fastify routes, cheap, answered whatever the Host, never shed.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isShuttingDown } from '../../lib/index.js';
import type { LoadState } from './load-shedding.js';
import type { HealthOptions } from './settings.js';

/**
 * A readiness check an app or add-on adds with `config.addReadinessCheck(name, check)`: the app is ready
 * while it resolves to anything but `false` within `health.checkTimeout`; false, an error or no answer
 * in time make readiness answer 503.
 */
export type ReadinessCheck = (app: FastifyInstance) => unknown;

/**
 * The route config of the health endpoints: any Host may ask (the allowed-hosts check skips routes with
 * `zigguratAnyHost`), and the load shedder lets them through (their own pressureHandler does nothing), so
 * liveness answers while requests are shed and readiness can say that they are.
 */
const ROUTE_CONFIG = { zigguratAnyHost: true, pressureHandler: () => undefined };

/** Run `check` bounded by `ms`: `true` when it passed, else why it failed. */
async function passes(app: FastifyInstance, check: ReadinessCheck, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(() => check(app)), late]);
    return result === false ? new Error('it answered false') : true;
  } catch (error) {
    return error;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the checks together; logs a check when it starts failing and when it passes again. */
function checkRunner(app: FastifyInstance, checks: ReadonlyMap<string, ReadinessCheck>, ms: number) {
  const failing = new Set<string>();
  return async (): Promise<string[]> => {
    const results = await Promise.all(
      [...checks].map(async ([name, check]) => [name, await passes(app, check, ms)] as const),
    );
    const failed: string[] = [];
    for (const [name, result] of results) {
      if (result === true) {
        if (failing.delete(name)) app.log.info(`readiness check '${name}' passes again`);
        continue;
      }
      failed.push(name);
      if (!failing.has(name)) app.log.warn({ err: result }, `readiness check '${name}' failed`);
      failing.add(name);
    }
    return failed;
  };
}

function answer(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send(body);
}

/**
 * Add `GET options.livePath` (200 while the process answers at all) and `GET options.readyPath` (200,
 * or 503 while the app shuts down, sheds load, or a readiness check fails) to `app`. Their request logs
 * are left out below the warn level: load balancers ask every few seconds.
 */
export function registerHealthEndpoints(
  app: FastifyInstance,
  options: HealthOptions,
  load: LoadState,
  checks: ReadonlyMap<string, ReadinessCheck>,
): void {
  const failedChecks = checkRunner(app, checks, options.checkTimeout);
  app.route({
    method: 'GET',
    url: options.livePath,
    config: ROUTE_CONFIG,
    logLevel: 'warn',
    handler: (_request, reply) => answer(reply, 200, { status: 'ok' }),
  });
  app.route({
    method: 'GET',
    url: options.readyPath,
    config: ROUTE_CONFIG,
    logLevel: 'warn',
    handler: async (_request, reply) => {
      if (isShuttingDown(app)) return answer(reply, 503, { status: 'shutting down' });
      if (load.overloaded()) {
        reply.header('retry-after', String(options.retryAfter));
        return answer(reply, 503, { status: 'overloaded' });
      }
      const failed = await failedChecks();
      if (failed.length > 0) return answer(reply, 503, { status: 'failing', failed });
      return answer(reply, 200, { status: 'ok' });
    },
  });
}
