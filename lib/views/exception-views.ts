// Exception views: the most specific error class wins, and a route's own exception views beat global ones.
import { HTTPException } from '../httpexceptions/index.js';
import { type Request, requestInternals } from '../request.js';
import { Response } from '../response.js';
import type { Handler, TweenFactory } from '../types.js';
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
 * exception with no exception view is itself the response; anything else goes on up.
 */
export function excviewTween(table: ViewTable): TweenFactory {
  return (handler: Handler): Handler =>
    async (request) => {
      try {
        return await handler(request);
      } catch (error) {
        const response = await invokeExceptionView(request, error, table);
        if (response !== null) return response;
        if (error instanceof HTTPException) return error;
        throw error;
      }
    };
}
