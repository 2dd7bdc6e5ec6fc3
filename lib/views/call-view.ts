// Finds the view for a request among its candidates and runs it: 404 when none fits, 405 when only the method failed.
import type { ViewEntry } from '../config/state.js';
import { HTTPForbidden, HTTPMethodNotAllowed, HTTPNotFound } from '../httpexceptions.js';
import type { Request } from '../request.js';
import type { Response } from '../response.js';
import { checkPredicates, Verdict } from './predicate-check.js';
import { renderResult } from './render.js';
import type { ViewTable } from './view-table.js';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

async function checkPermission(request: Request, entry: ViewEntry): Promise<void> {
  const permission = entry.permission;
  if (permission === null) return;
  if (!(await request.hasPermission(permission))) {
    throw new HTTPForbidden({ detail: `Permission '${permission}' is required` });
  }
}

/** Run one view: permission, the callable, then its renderer. */
export async function runView(request: Request, entry: ViewEntry): Promise<Response> {
  if (entry.permission !== null) await checkPermission(request, entry);
  let result = entry.view(request);
  if (isThenable(result)) result = await result;
  return renderResult(request, entry, result);
}

/** Try candidates in order and run the first whose predicates all pass. */
export async function callView(
  request: Request,
  table: ViewTable,
  routeName: string | null,
  useGlobalViews: boolean,
): Promise<Response> {
  const candidates = table.candidates(routeName, useGlobalViews, request.viewName, request.context);
  let allowed: Set<string> | null = null;
  for (const entry of candidates) {
    const verdict =
      entry.predicates.length === 0
        ? Verdict.Pass
        : await checkPredicates(entry.predicates, request.context, request);
    if (verdict === Verdict.Pass) return runView(request, entry);
    if (verdict === Verdict.MethodOnly) {
      allowed ??= new Set();
      for (const method of entry.methods ?? []) allowed.add(method);
    }
  }
  if (allowed !== null) throw new HTTPMethodNotAllowed({ allow: [...allowed].sort() });
  throw new ViewNotFound();
}

/** The 404 dispatch raises when no view answers (Pyramid's PredicateMismatch / HTTPNotFound). */
export class ViewNotFound extends HTTPNotFound {}
