// Watching one Redis client: errors are handled (never "Unhandled error event"), an outage is logged
// once with ZIG_ERR_REDIS_UNAVAILABLE, its end once, and while it lasts commands fail at once.
import type { Redis } from 'ioredis';
import { ZigguratError } from '../../lib/index.js';
import type { OutageLogger } from './store.js';

/** Reply errors that mean "not now" rather than a bug: the server is loading, busy, read-only or out of memory. */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|OOM)\b/;

/** Whether a command's error means Redis cannot serve it now (as opposed to a bug such as WRONGTYPE). */
export function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'ReplyError') return UNAVAILABLE_REPLY.test(error.message);
  // A programming error is not an outage; everything else ioredis throws is about the connection.
  return !(error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError);
}

/** `host:port` of a client, for log lines (never its password). */
function describe(client: Redis): string {
  const { host, port, path } = client.options;
  return path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/**
 * The outage state of one ioredis client. ioredis keeps reconnecting by itself; this only decides
 * what a command does meanwhile (fail at once, so a request answers 503 quickly) and what is logged.
 */
export class RedisOutage {
  readonly #client: Redis;
  readonly #label: string;
  #logger: OutageLogger | null;
  /** A connection was lost (or never made) and not yet made again. */
  #down = false;
  /** The outage was logged, so its end will be too. */
  #reported = false;
  readonly #listeners: Array<[string, (error: Error) => void]>;

  constructor(client: Redis, logger: OutageLogger | null) {
    this.#client = client;
    this.#label = describe(client);
    this.#logger = logger;
    this.#listeners = [
      ['error', (error: Error) => this.failed(error)],
      ['close', () => void (this.#down = true)],
      ['ready', () => this.recovered()],
    ];
    for (const [event, listener] of this.#listeners) client.on(event, listener);
  }

  /** Log through this logger from now on (kept when one was given already). */
  setLogger(logger: OutageLogger): void {
    this.#logger ??= logger;
  }

  /** Throw at once while Redis is known to be away; the command would only wait for a timeout. */
  checkAvailable(): void {
    if (this.#down && this.#client.status !== 'ready') {
      this.failed(new Error(`the connection is ${this.#client.status}`));
      throw this.unavailable();
    }
  }

  /** A command or the connection failed: remember it, and log it once per outage. */
  failed(error: unknown): void {
    this.#down = true;
    if (this.#reported) return;
    this.#reported = true;
    this.#logger?.error(
      { code: 'ZIG_ERR_REDIS_UNAVAILABLE', err: error },
      `Redis at ${this.#label} is unavailable; requests that use it answer 503 until it is back`,
    );
  }

  /** Redis answered again: log the end of the outage, if one was logged. */
  recovered(): void {
    this.#down = false;
    if (!this.#reported) return;
    this.#reported = false;
    this.#logger?.info({ code: 'ZIG_ERR_REDIS_UNAVAILABLE' }, `Redis at ${this.#label} is available again`);
  }

  /** The error a command throws while Redis is away (its statusCode 503 makes it a 503 response). */
  unavailable(cause?: unknown): ZigguratError {
    return new ZigguratError('ZIG_ERR_REDIS_UNAVAILABLE', `Redis at ${this.#label} is unavailable`, {
      statusCode: 503,
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /** Stop listening to the client (for a client the store was given, which outlives it). */
  detach(): void {
    for (const [event, listener] of this.#listeners) this.#client.off(event, listener);
  }
}
