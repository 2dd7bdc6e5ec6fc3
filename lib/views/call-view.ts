// Finds the view for a request among its candidates and runs it: 404 when none fits, 405 when only the method failed.
import type { ViewEntry } from '../config/state.js';
import { HTTPForbidden, HTTPMethodNotAllowed, HTTPNotFound } from '../http/exceptions/index.js';
import { isAllowed, type Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import { RequestMethodPredicate } from '../predicates/index.js';
import { STATE, VIEW } from '../symbols.js';
import { checkPredicates, Verdict } from './predicate-check.js';
import { renderResult } from './render.js';
import type { ViewTable } from './view-table.js';

/** The 404 dispatch raises when no view answers (Pyramid's PredicateMismatch / HTTPNotFound). */
export class ViewNotFound extends HTTPNotFound {}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

async function runPermitted(request: Request, entry: ViewEntry, permission: string): Promise<Response> {
  const result = await request.permits(permission);
  const allowed = isAllowed(result);
  if (request.registry[STATE].debugAuthorization) {
    request.fastify.request.log.info(
      { permission, allowed, view: entry.site.location },
      `debug authorization: ${String(result)}`,
    );
  }
  if (!allowed) {
    const forbidden = new HTTPForbidden({ detail: `Permission '${permission}' is required` });
    forbidden.result = result;
    throw forbidden;
  }
  return runCallable(request, entry);
}

async function renderLater(
  request: Request,
  entry: ViewEntry,
  pending: PromiseLike<unknown>,
): Promise<Response> {
  return renderResult(request, entry, await pending);
}

function runCallable(request: Request, entry: ViewEntry): Response | Promise<Response> {
  const result = entry.view(request);
  if (isThenable(result)) return renderLater(request, entry, result);
  return renderResult(request, entry, result);
}

/** Run one view: permission, the callable, then its renderer. Synchronous when nothing is async. */
export function runView(request: Request, entry: ViewEntry): Response | Promise<Response> {
  if (request[VIEW] === null) request[VIEW] = entry;
  if (entry.permission !== null) return runPermitted(request, entry, entry.permission);
  return runCallable(request, entry);
}

async function continueAsync(
  request: Request,
  candidates: readonly ViewEntry[],
  from: number,
  pending: Promise<Verdict>,
  allowed: Set<string> | null,
): Promise<Response> {
  let verdict: Verdict | Promise<Verdict> = pending;
  for (let i = from; i < candidates.length; i++) {
    const entry = candidates[i] as ViewEntry;
    if (i > from)
      verdict =
        entry.predicates.length === 0
          ? Verdict.Pass
          : checkPredicates(entry.predicates, request.context, request);
    if (verdict instanceof Promise) verdict = await verdict;
    if (verdict === Verdict.Pass) return runView(request, entry);
    if (verdict === Verdict.MethodOnly) allowed = addMethods(allowed, entry);
  }
  return noView(allowed);
}

function addMethods(allowed: Set<string> | null, entry: ViewEntry): Set<string> {
  const result = allowed ?? new Set<string>();
  for (const method of entry.methods ?? []) result.add(method);
  return result;
}

function noView(allowed: Set<string> | null): never {
  if (allowed !== null) throw new HTTPMethodNotAllowed({ allow: [...allowed].sort() });
  throw new ViewNotFound();
}

/**
 * Try candidates in order and run the first whose predicates all pass. Synchronous (returns or
 * throws) unless a predicate, the view or its renderer is asynchronous.
 */
export function callCandidates(
  request: Request,
  candidates: readonly ViewEntry[],
): Response | Promise<Response> {
  let allowed: Set<string> | null = null;
  for (let i = 0; i < candidates.length; i++) {
    const entry = candidates[i] as ViewEntry;
    const verdict =
      entry.predicates.length === 0
        ? Verdict.Pass
        : checkPredicates(entry.predicates, request.context, request);
    if (verdict instanceof Promise) return continueAsync(request, candidates, i, verdict, allowed);
    if (verdict === Verdict.Pass) return runView(request, entry);
    if (verdict === Verdict.MethodOnly) allowed = addMethods(allowed, entry);
  }
  return noView(allowed);
}

/**
 * The view among `candidates` that answers every request whose method is one of `methods`: the only
 * candidate, with no predicates but request-method ones that allow each of those methods. Null
 * when there is no such view (then the candidates are checked per request).
 */
export function loneView(candidates: readonly ViewEntry[], methods: readonly string[]): ViewEntry | null {
  if (candidates.length !== 1) return null;
  const only = candidates[0] as ViewEntry;
  const answersAll = only.predicates.every(
    (predicate) =>
      predicate instanceof RequestMethodPredicate &&
      methods.every((method) => predicate.methods.includes(method)),
  );
  return answersAll ? only : null;
}

/** Find the candidates for the request's route, view name and context, then call them. */
export function callView(
  request: Request,
  table: ViewTable,
  routeName: string | null,
  useGlobalViews: boolean,
): Response | Promise<Response> {
  return callCandidates(
    request,
    table.candidates(routeName, useGlobalViews, request.viewName, request.context, request),
  );
}
