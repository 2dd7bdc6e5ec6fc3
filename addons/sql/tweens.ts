// The per-request transaction (pyramid_tm) and retry (pyramid_retry) tweens of the SQL add-on.
import type { Handler, Request, Response } from '../../lib/index.js';
import { isRetryableError } from './retry.js';
import type { SqlRuntime } from './runtime.js';

/** Forget what a failed attempt put on request.response, so that the next attempt starts clean. */
function resetResponse(request: Request): void {
  const response = request.response;
  const names: string[] = [];
  response.headers.forEach((_value, name) => void names.push(name));
  for (const name of names) response.headers.delete(name);
  response.status = 200;
  response.body = null;
}

/** Whether to run the request again after `error` ended attempt number `attempt` (0 is the first). */
function shouldRetry(runtime: SqlRuntime, request: Request, error: unknown, attempt: number): boolean {
  if (attempt >= runtime.options.retries || !isRetryableError(error)) return false;
  request.fastify.request.log.warn(
    { err: error, attempt: attempt + 1 },
    'The transaction lost a race (serialization failure or deadlock); running the request again',
  );
  resetResponse(request);
  return true;
}

/** One attempt: the view in a fresh transaction, rolled back on an error, else finished by the rule. */
async function attempt(runtime: SqlRuntime, handler: Handler, request: Request): Promise<Response> {
  const scope = runtime.openScope(request);
  let response: Response;
  try {
    response = await handler(request);
  } catch (error) {
    await scope.rollback().catch((rollbackError: unknown) => {
      request.fastify.request.log.error({ err: rollbackError }, 'Rolling back the transaction failed');
    });
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
 * deadlocks run the view again, up to `sql.retries` times.
 * @example config.addTween(transactionTween(runtime), { name: 'ziggurat.sql.transaction', under: EXCVIEW });
 */
export function transactionTween(runtime: () => SqlRuntime): (handler: Handler) => Handler {
  return (handler) => async (request) => {
    const sql = runtime();
    for (let count = 0; ; count++) {
      try {
        return await attempt(sql, handler, request);
      } catch (error) {
        if (!shouldRetry(sql, request, error, count)) throw error;
      }
    }
  };
}

/**
 * The tween just above the exception view tween: finishes a transaction an exception view opened
 * (by the same rule) and closes the request to new ones, so no connection outlives the request.
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
        request.fastify.request.log.error({ err: rollbackError }, 'Rolling back the transaction failed');
      });
      throw error;
    }
    await sql.closeRequest(request, sql.rule(request, response));
    return response;
  };
}
