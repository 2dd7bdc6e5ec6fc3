// Which database errors mean "the connection, not the SQL, failed": classified by their pg and Node codes.
import { ZigguratError } from '../../lib/index.js';

/**
 * How a connection failed. `connect`: no connection could be made (refused, unknown database,
 * connect timeout); `lost`: an open connection broke (reset, terminated by the server); `timeout`:
 * the server sent nothing for `sql.queryTimeout` plus a grace period; `busy`: every pooled
 * connection stayed taken for `sql.connectTimeout` (the database may be fine: the app is saturated).
 */
export type ConnectionFailure = 'connect' | 'lost' | 'timeout' | 'busy';

/** Node's socket errors: the server is not there, or the network between us broke. */
const NODE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or refusing us (class 08 is matched by its prefix):
 * admin_shutdown (pg_terminate_backend, DROP DATABASE ... WITH (FORCE)), crash_shutdown,
 * cannot_connect_now (starting up or shutting down), database_dropped, invalid_catalog_name (the
 * database does not exist), too_many_connections; and the server closing a session on its own
 * timeouts (idle_session_timeout, idle_in_transaction_session_timeout).
 */
const SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '57P04', '3D000', '53300']);
const SESSION_TIMEOUTS: ReadonlySet<string> = new Set(['57P05', '25P03']);

/** pg's and Kysely's own errors, which carry no code: recognised by their fixed messages. */
const MESSAGES: ReadonlyArray<[RegExp, ConnectionFailure]> = [
  [/^Connection terminated due to connection timeout/, 'connect'],
  [/^Connection terminated/, 'lost'],
  [/is not queryable$/, 'lost'],
  [/^Postgres connection has been discarded$/, 'lost'],
  [/^Query read timeout$/, 'timeout'],
  [/^timeout exceeded when trying to connect$/, 'busy'],
];

const KINDS = new WeakMap<object, ConnectionFailure>();

/**
 * `error`, then its `cause`, its cause's cause...: the objects of the chain, each once.
 * @example for (const link of causeChain(error)) if (link instanceof ZigguratError) return link.code;
 */
export function* causeChain(error: unknown): Generator<object> {
  const seen = new Set<unknown>();
  for (let current = error; current !== null && typeof current === 'object'; ) {
    if (seen.has(current)) return;
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** The failure one error (not its causes) describes, or null for an ordinary error. */
function failureOf(error: object): ConnectionFailure | null {
  const known = KINDS.get(error);
  if (known !== undefined) return known;
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string') {
    for (const [pattern, kind] of MESSAGES) if (pattern.test(message)) return kind;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  const lost = NODE_CODES.has(code) || SQLSTATES.has(code) || SESSION_TIMEOUTS.has(code);
  return lost || /^08[0-9A-Z]{3}$/.test(code) ? 'lost' : null;
}

/**
 * How the connection failed, if `error` (or an error in its `cause` chain) is a connection-level
 * failure; null for ordinary SQL errors (constraint violations, syntax errors, serialization failures).
 * @example connectionFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })) // 'lost'
 */
export function connectionFailure(error: unknown): ConnectionFailure | null {
  for (const link of causeChain(error)) {
    const kind = failureOf(link);
    if (kind !== null) return kind;
  }
  return null;
}

/**
 * Whether `error` means the SQL database cannot be reached or the connection broke (as opposed to
 * an error in the SQL itself): the SQL add-on answers such requests 503 with `Retry-After`.
 * @example if (isUnavailableError(error)) return new HTTPServiceUnavailable();
 */
export function isUnavailableError(error: unknown): boolean {
  return connectionFailure(error) !== null;
}

/**
 * Whether `error` (or its `cause` chain) is the add-on's own `ZIG_ERR_SQL_UNAVAILABLE`, raised by
 * the guarded pool for its connection's failure. The tweens answer 503 for these only: an
 * ECONNREFUSED from some other service the view called is no database outage.
 * @example if (raisedUnavailable(error)) throw new HTTPServiceUnavailable();
 */
export function raisedUnavailable(error: unknown): boolean {
  for (const link of causeChain(error)) {
    if (link instanceof ZigguratError && link.code === 'ZIG_ERR_SQL_UNAVAILABLE') return true;
  }
  return false;
}

/**
 * Whether the server closed the session on purpose after its own idle timeout: no outage.
 * @example isSessionTimeout(Object.assign(new Error('idle'), { code: '57P05' })) // true
 */
export function isSessionTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SESSION_TIMEOUTS.has(code);
}

const DESCRIPTIONS: Record<ConnectionFailure, string> = {
  connect: 'Cannot connect to the SQL database',
  lost: 'The connection to the SQL database was lost',
  timeout: 'The SQL database did not answer in time (sql.queryTimeout)',
  busy: 'No SQL connection became free in time (sql.connectTimeout)',
};

/**
 * The error the add-on raises for a connection-level failure: `ZIG_ERR_SQL_UNAVAILABLE` (status
 * 503), the driver's error as its `cause`. Already wrapped errors are returned as they are.
 * @example throw unavailableError(error, 'connect');
 */
export function unavailableError(cause: unknown, kind: ConnectionFailure): ZigguratError {
  if (cause instanceof ZigguratError && cause.code === 'ZIG_ERR_SQL_UNAVAILABLE') return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new ZigguratError('ZIG_ERR_SQL_UNAVAILABLE', `${DESCRIPTIONS[kind]}: ${reason}`, {
    statusCode: 503,
    cause,
  });
  KINDS.set(error, kind);
  return error;
}
