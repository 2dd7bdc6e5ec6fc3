// Exception views: the most specific error class wins, and a route's own exception views beat global ones.
import { HTTPException } from '../httpexceptions/index.js';
import { type Request, requestInternals } from '../request.js';
import { Response } from '../response.js';
import type { SyncableHandler } from '../router.js';
import { runView } from './call-view.js';
import { checkPredicates, Verdict } from './predicate-check.js';
import type { ViewTable } from './view-table.js';

/** Find and run the exception view for `error`; null when no exception view matches. */
export async function invokeExceptionView(
  request: Request,
  error: unknown,
  table: ViewTable,
): Promise<Response | null> {
  const routeName = request.matchedRoute?.name ?? null;
  const candidates = table.candidates(routeName, true, '', error);
  if (candidates.length === 0) return null;
  request.exception = error;
  request.context = error;
  requestInternals.setResponse(
    request,
    new Response(null, { status: error instanceof HTTPException ? error.status : 500 }),
  );
  for (const entry of candidates) {
    if ((await checkPredicates(entry.predicates, error, request)) === Verdict.Pass)
      return runView(request, entry);
  }
  return null;
}

/**
 * The built-in tween just above MAIN: an error becomes its exception view's response; an HTTP
 * exception with no exception view is itself the response; anything else goes on up. It adds no
 * promise when the handler answered synchronously.
 */
export function excviewTween(table: ViewTable): (handler: SyncableHandler) => SyncableHandler {
  const recover = async (request: Request, error: unknown): Promise<Response> => {
    const response = await invokeExceptionView(request, error, table);
    if (response !== null) return response;
    if (error instanceof HTTPException) return error;
    throw error;
  };
  return (handler) => (request) => {
    let result: Response | Promise<Response>;
    try {
      result = handler(request);
    } catch (error) {
      return recover(request, error);
    }
    return result instanceof Promise ? result.catch((error: unknown) => recover(request, error)) : result;
  };
}
