// The per-request transaction (pyramid_tm) and retry (pyramid_retry) tweens of the SQL add-on.
import { type Handler, HTTPServiceUnavailable, type Request, type Response } from '../../lib/index.js';
import { raisedUnavailable } from './connection-errors.js';
import { diedOnCheckout } from './guarded-pool.js';
import { isRetryableError } from './retry.js';
import type { Database, SqlRuntime } from './runtime.js';
import type { TransactionScope } from './transaction-scope.js';

/** Forget what a failed attempt put on request.response, so that the next attempt starts clean. */
function resetResponse(request: Request): void {
  const response = request.response;
  const names: string[] = [];
  response.headers.forEach((_value, name) => void names.push(name));
  for (const name of names) response.headers.delete(name);
  response.status = 200;
  response.body = null;
}

/**
 * Whether to run the request again after `error` ended attempt number `attempt` (0 is the first).
 * Two failures qualify, each leaving nothing behind in the database:
 * - a serialization failure or deadlock: the server rolled the transaction back (pyramid_retry);
 * - a pooled connection found dead by the transaction's BEGIN (reset or terminated while it sat
 *   idle): nothing of the transaction reached the server. Django replaces such a connection at the
 *   start of a request (CONN_HEALTH_CHECKS); here the request runs again on a new one.
 * A connection lost after BEGIN is never retried, although the server does roll back a transaction
 * whose connection died before COMMIT: the view has already acted on what it read, the failure most
 * often means an outage that a second attempt would only make the client wait longer for, and a
 * connection lost during COMMIT leaves the outcome unknown, so running the request again could
 * apply it twice. Those requests answer 503 at once; a client may retry safe requests itself.
 */
function shouldRetry(
  runtime: SqlRuntime,
  request: Request,
  scope: TransactionScope<Database>,
  error: unknown,
  attempt: number,
): boolean {
  if (attempt >= runtime.options.retries) return false;
  const log = request.fastify.request.log;
  if (isRetryableError(error)) {
    log.warn(
      { err: error, attempt: attempt + 1 },
      'The transaction lost a race (serialization failure or deadlock); running the request again',
    );
  } else if (scope.failedToBegin && diedOnCheckout(error)) {
    log.debug(
      { err: error, attempt: attempt + 1 },
      'A pooled SQL connection was dead; running the request again',
    );
  } else {
    return false;
  }
  resetResponse(request);
  return true;
}

/** Requests answered 503 for a lost database: the closing tween keeps Retry-After on their response. */
const UNAVAILABLE = new WeakSet<Request>();

/**
 * A connection-level failure becomes a 503 with Retry-After, as an HTTP exception that the app's
 * exception views can render; its body names no internals (the outage itself is logged, once, by
 * the pool's monitor). Any other error goes on unchanged.
 */
function asServiceUnavailable(runtime: SqlRuntime, request: Request, error: unknown): unknown {
  if (!raisedUnavailable(error)) return error;
  UNAVAILABLE.add(request);
  return new HTTPServiceUnavailable({
    detail: 'The database is unavailable at the moment; please try again later.',
    headers: { 'Retry-After': String(runtime.options.retryAfter) },
  });
}

/** Log a failed rollback, unless the connection is gone (the outage is logged once, elsewhere). */
function rollbackFailed(request: Request, error: unknown): void {
  if (raisedUnavailable(error)) return;
  request.fastify.request.log.error({ err: error }, 'Rolling back the transaction failed');
}

/** One attempt: the view in a fresh transaction, rolled back on an error, else finished by the rule. */
async function attempt(
  runtime: SqlRuntime,
  scope: TransactionScope<Database>,
  handler: Handler,
  request: Request,
): Promise<Response> {
  let response: Response;
  try {
    response = await handler(request);
  } catch (error) {
    await scope.rollback().catch((rollbackError: unknown) => rollbackFailed(request, rollbackError));
    throw error;
  }
  if (runtime.rule(request, response)) await scope.commit();
  else await scope.rollback();
  return response;
}

/**
 * The tween just above MAIN (under the exception view tween): each attempt at the view runs in its
 * own transaction, committed or rolled back before the response goes on, so exception views see the
 * rolled-back state and a failed commit becomes an error response. Serialization failures and
 * deadlocks run the view again, up to `sql.retries` times; a lost database connection becomes
 * `HTTPServiceUnavailable` (503, `Retry-After: sql.retryAfter`).
 * @example config.addTween(transactionTween(runtime), { name: 'ziggurat.sql.transaction', under: EXCVIEW });
 */
export function transactionTween(runtime: () => SqlRuntime): (handler: Handler) => Handler {
  return (handler) => async (request) => {
    const sql = runtime();
    for (let count = 0; ; count++) {
      const scope = sql.openScope(request);
      try {
        return await attempt(sql, scope, handler, request);
      } catch (error) {
        if (!shouldRetry(sql, request, scope, error, count)) throw asServiceUnavailable(sql, request, error);
      }
    }
  };
}

/**
 * The tween just above the exception view tween: finishes a transaction an exception view opened
 * (by the same rule) and closes the request to new ones, so no connection outlives the request.
 * A lost connection there (an exception view that queries during an outage) is a 503 too, and a
 * 503 that an exception view rendered for a lost connection keeps its Retry-After header.
 * @example config.addTween(closingTween(runtime), { name: 'ziggurat.sql.close', over: EXCVIEW });
 */
export function closingTween(runtime: () => SqlRuntime): (handler: Handler) => Handler {
  return (handler) => async (request) => {
    const sql = runtime();
    let response: Response;
    try {
      response = await handler(request);
    } catch (error) {
      await sql.closeRequest(request, false).catch((rollbackError: unknown) => {
        rollbackFailed(request, rollbackError);
      });
      throw asServiceUnavailable(sql, request, error);
    }
    try {
      await sql.closeRequest(request, sql.rule(request, response));
    } catch (error) {
      throw asServiceUnavailable(sql, request, error);
    }
    // An exception view rendered the 503 into a response of its own: keep it telling when to retry.
    if (
      UNAVAILABLE.has(request) &&
      response.status === 503 &&
      response.headers.get('retry-after') === undefined
    )
      response.headers.set('Retry-After', String(sql.options.retryAfter));
    return response;
  };
}
