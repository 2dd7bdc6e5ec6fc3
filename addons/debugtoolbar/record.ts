// What the toolbar keeps of one request, and the bounded history of them.
import { randomBytes } from 'node:crypto';
import type { Request } from '../../lib/index.js';

/** A template or other renderer run during the request. */
export interface RenderRecord {
  readonly renderer: string;
  readonly source: string | null;
  /** The values it got, as util.inspect shows them (taken at once: views may reuse objects). */
  readonly values: string;
  readonly durationMs: number;
  readonly error: string | null;
}

/** A SQL query run through request.db, as the SQL add-on reported it. */
export interface QueryRecord {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly durationMs: number;
  readonly error: string | null;
  /** Runs EXPLAIN for the query (given by the SQL add-on, for read-only statements). */
  readonly explain: (() => Promise<unknown>) | null;
}

/** A permission the security policy was asked about. */
export interface PermitRecord {
  readonly permission: string;
  readonly context: string;
  readonly allowed: boolean;
  /** The policy's own explanation (ACLPermitsResult's), or a plain boolean's verdict. */
  readonly explanation: string;
}

/** A log record written through request.log during the request. */
export interface LogRecord {
  readonly level: string;
  readonly time: number;
  readonly message: string;
  readonly data: string | null;
}

/** A tween's time, its inner tweens and the view included. */
export interface TweenTime {
  readonly name: string;
  readonly durationMs: number;
}

/** One recorded request: filled while it runs, then its panels' data once it is answered. */
export class RequestRecord {
  readonly id = randomBytes(8).toString('hex');
  readonly startedAt = new Date();
  readonly started = performance.now();
  readonly method: string;
  readonly url: string;
  readonly xhr: boolean;
  status = 0;
  contentType = '';
  durationMs = 0;
  /** The error that escaped every tween (no exception view answered it), or null. */
  error: string | null = null;
  readonly renders: RenderRecord[] = [];
  readonly queries: QueryRecord[] = [];
  readonly permits: PermitRecord[] = [];
  readonly logs: LogRecord[] = [];
  readonly tweens: TweenTime[] = [];
  /** Each panel's collected data, by panel name. */
  readonly panels = new Map<string, unknown>();
  /** Panels whose collect failed: the error's message. */
  readonly failures = new Map<string, string>();

  constructor(request: Request) {
    this.method = request.method;
    this.url = request.fastify.request.url;
    this.xhr = String(request.headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest';
  }
}

/** The last `max` recorded requests, newest first, found by id. */
export class History {
  readonly #max: number;
  readonly #records = new Map<string, RequestRecord>();

  constructor(max: number) {
    this.#max = max;
  }

  add(record: RequestRecord): void {
    this.#records.set(record.id, record);
    if (this.#records.size > this.#max) {
      const oldest = this.#records.keys().next().value;
      if (oldest !== undefined) this.#records.delete(oldest);
    }
  }

  get(id: string): RequestRecord | undefined {
    return this.#records.get(id);
  }

  /** Newest first. */
  list(): RequestRecord[] {
    return [...this.#records.values()].reverse();
  }
}
