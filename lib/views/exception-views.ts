// Exception views: the most specific error class wins, and a route's own exception views beat global ones.
import { HTTPException } from '../http/exceptions/index.js';
import { type Request, requestInternals } from '../http/request.js';
import { Response } from '../http/response.js';
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
  const candidates = table.candidates(routeName, true, '', error, request);
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
