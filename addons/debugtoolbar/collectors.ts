// Gathering what happens during a recorded request: the framework's diagnostics channels (renders,
// permission checks, tween times), the SQL add-on's query channel, and request.log's records.
import diagnostics from 'node:diagnostics_channel';
import {
  DIAGNOSTICS_CHANNELS,
  type PermitsMessage,
  type RenderedMessage,
  type Request,
  type TweenTimedMessage,
} from '../../lib/index.js';
import { show } from './html.js';
import type { RequestRecord } from './record.js';

/**
 * The channel the SQL add-on publishes each query of request.db to (its message: request, sql,
 * parameters, durationMs, error, explain). Named here, not imported: add-ons only share names.
 */
export const SQL_QUERY_CHANNEL = 'ziggurat:sql:query';

interface QueryMessage {
  readonly request: Request;
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly durationMs: number;
  readonly error: unknown;
  readonly explain?: () => Promise<unknown>;
}

/** The requests being recorded, whatever app (and toolbar) they belong to; their subrequests too. */
const RECORDING = new WeakMap<Request, RequestRecord>();
/**
 * The record of each recorded request's Fastify request: a subrequest's Fastify request is a stand-in
 * made from its parent's (Object.create), which is how a subrequest finds its parent's record.
 */
const BY_FASTIFY_REQUEST = new WeakMap<object, RequestRecord>();
/** Subrequests recorded into their parent's record: their tween times would muddle the parent's chain. */
const SUBREQUESTS = new WeakSet<Request>();

function recordOf(request: Request | null | undefined): RequestRecord | undefined {
  return request === null || request === undefined ? undefined : RECORDING.get(request);
}

function errorText(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  return error instanceof Error ? error.message : String(error);
}

function onRender(message: unknown): void {
  const rendered = message as RenderedMessage;
  recordOf(rendered.request)?.renders.push({
    renderer: rendered.renderer,
    source: rendered.source,
    values: show(rendered.values),
    durationMs: rendered.durationMs,
    error: errorText(rendered.error),
  });
}

function describeContext(context: unknown): string {
  const name = (context as { __name__?: unknown } | null)?.__name__;
  const kind = (context as object | null)?.constructor?.name ?? String(context);
  return typeof name === 'string' ? `${kind} '${name}'` : kind;
}

function onPermits(message: unknown): void {
  const { request, permission, context, result } = message as PermitsMessage;
  const allowed = typeof result === 'boolean' ? result : result.allowed;
  recordOf(request)?.permits.push({
    permission,
    context: describeContext(context),
    allowed,
    explanation: typeof result === 'boolean' ? `the policy answered ${result}` : String(result),
  });
}

function onTween(message: unknown): void {
  const { request, name, durationMs } = message as TweenTimedMessage;
  if (SUBREQUESTS.has(request)) return;
  recordOf(request)?.tweens.push({ name, durationMs });
}

function onQuery(message: unknown): void {
  const query = message as QueryMessage;
  recordOf(query.request)?.queries.push({
    sql: query.sql,
    parameters: [...query.parameters],
    durationMs: query.durationMs,
    error: errorText(query.error),
    explain: query.explain ?? null,
  });
}

const LISTENERS: readonly [string, (message: unknown) => void][] = [
  [DIAGNOSTICS_CHANNELS.render, onRender],
  [DIAGNOSTICS_CHANNELS.permits, onPermits],
  [DIAGNOSTICS_CHANNELS.tween, onTween],
  [SQL_QUERY_CHANNEL, onQuery],
];

/**
 * How many requests are being recorded now. The channels are listened to only while one is: the
 * framework (and the SQL add-on) then publish nothing for the requests of other clients, which pay a
 * `hasSubscribers` check and no message.
 */
let recording = 0;

function listen(): void {
  if (recording++ > 0) return;
  for (const [name, listener] of LISTENERS) diagnostics.subscribe(name, listener);
}

function stopListening(): void {
  if (--recording > 0) return;
  for (const [name, listener] of LISTENERS) diagnostics.unsubscribe(name, listener);
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

interface Logger {
  isLevelEnabled?(level: string): boolean;
  child(...args: unknown[]): Logger;
}

/** Split pino's arguments ([object], message, ...interpolation) into a message and its data. */
function logEntry(level: string, args: readonly unknown[]): RequestRecord['logs'][number] {
  const [first, ...rest] = args;
  const hasData = typeof first === 'object' && first !== null;
  const message = (hasData ? rest : args)
    .map((part) => (typeof part === 'string' ? part : show(part)))
    .join(' ');
  const fallback = hasData && first instanceof Error ? first.message : '';
  return { level, time: Date.now(), message: message || fallback, data: hasData ? show(first) : null };
}

/** A logger that records, in `record`, each enabled call made through it (and its children), then logs it. */
function recordingLogger(logger: Logger, record: RequestRecord): Logger {
  return new Proxy(logger, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'child') return (...args: unknown[]) => recordingLogger(target.child(...args), record);
      if (typeof property === 'string' && LEVELS.has(property)) {
        return (...args: unknown[]) => {
          if (target.isLevelEnabled?.(property) !== false) record.logs.push(logEntry(property, args));
          return (value as (...args: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/** Start recording `request` into `record`: the channels' messages for it, and its logger's records. */
export function startRecording(request: Request, record: RequestRecord): void {
  listen();
  RECORDING.set(request, record);
  BY_FASTIFY_REQUEST.set(request.fastify.request, record);
  const fastifyRequest = request.fastify.request as unknown as { log: Logger };
  fastifyRequest.log = recordingLogger(fastifyRequest.log, record);
}

/** Stop recording `request` (messages published later, by a late query, are dropped). */
export function stopRecording(request: Request): void {
  if (RECORDING.delete(request)) stopListening();
}

/**
 * The record of the request `subrequest` was made from, if it is recorded: a subrequest's renders,
 * queries, permission checks and logs (its logger is its parent's) are its parent's.
 */
export function recordOfParent(subrequest: Request): RequestRecord | undefined {
  const parent = Object.getPrototypeOf(subrequest.fastify.request) as object | null;
  return parent === null ? undefined : BY_FASTIFY_REQUEST.get(parent);
}

/** Record `subrequest` into its parent's record until {@link stopSubrequest}. */
export function startSubrequest(subrequest: Request, record: RequestRecord): void {
  RECORDING.set(subrequest, record);
  BY_FASTIFY_REQUEST.set(subrequest.fastify.request, record);
  SUBREQUESTS.add(subrequest);
}

export function stopSubrequest(subrequest: Request): void {
  RECORDING.delete(subrequest);
}
