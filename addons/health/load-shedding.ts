// Load shedding through @fastify/under-pressure: 503 with Retry-After past the limits, logged at most every 10 s.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HealthOptions } from './settings.js';

/** What the readiness endpoint asks of the load shedder. */
export interface LoadState {
  /** Whether requests are shed now (one of the limits is passed, as last measured). */
  overloaded(): boolean;
}

/** A shed request is logged (ZIG_ERR_OVERLOADED) at most this often, with the count shed since. */
const LOG_INTERVAL_MS = 10_000;

const MEASURES: Record<string, { label: string; unit: string; limit: (options: HealthOptions) => number }> = {
  eventLoopDelay: {
    label: 'the event loop delay',
    unit: 'ms',
    limit: (options) => options.maxEventLoopDelay,
  },
  heapUsedBytes: { label: 'the heap in use', unit: 'bytes', limit: (options) => options.maxHeapUsed },
  rssBytes: { label: 'the resident memory', unit: 'bytes', limit: (options) => options.maxRss },
};

function describe(type: string, value: number | undefined, options: HealthOptions): string {
  const measure = MEASURES[type];
  if (measure === undefined) return `the ${type} check failed`;
  const shown = Math.round(value ?? 0);
  return `${measure.label} is ${shown} ${measure.unit} (limit ${measure.limit(options)} ${measure.unit})`;
}

/** Logs the first shed request, then at most one line per LOG_INTERVAL_MS, counting the requests shed. */
function overloadLogger(app: FastifyInstance, options: HealthOptions) {
  let loggedAt = 0;
  let shed = 0;
  return (type: string, value: number | undefined) => {
    shed++;
    const now = Date.now();
    if (now - loggedAt < LOG_INTERVAL_MS) return;
    const why = describe(type, value, options);
    app.log.warn(
      { code: 'ZIG_ERR_OVERLOADED', measure: type, value, shed },
      `ZIG_ERR_OVERLOADED: ${why}: answering 503 with Retry-After: ${options.retryAfter} (${shed} request${shed === 1 ? '' : 's'} shed since the last report)`,
    );
    loggedAt = now;
    shed = 0;
  };
}

function shed(reply: FastifyReply, options: HealthOptions): void {
  void reply
    .code(503)
    .header('retry-after', String(options.retryAfter))
    .header('cache-control', 'no-store')
    .type('text/plain; charset=utf-8')
    .send('503 Service Unavailable: the server is overloaded, retry later\n');
}

/**
 * Register @fastify/under-pressure on `app` with the add-on's limits: past one of them, every request
 * but the health endpoints' (their route config has a pressureHandler of their own) is answered 503
 * with `Retry-After`, before any parsing or view runs. Without a limit, nothing is registered.
 */
export async function registerLoadShedding(app: FastifyInstance, options: HealthOptions): Promise<LoadState> {
  if (options.maxEventLoopDelay === 0 && options.maxHeapUsed === 0 && options.maxRss === 0) {
    return { overloaded: () => false };
  }
  const log = overloadLogger(app, options);
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelay,
    maxHeapUsedBytes: options.maxHeapUsed,
    maxRssBytes: options.maxRss,
    retryAfter: options.retryAfter,
    sampleInterval: options.sampleInterval,
    pressureHandler: (_request, reply, type, value) => {
      log(type, value);
      shed(reply, options);
    },
  });
  return { overloaded: () => app.isUnderPressure() };
}
