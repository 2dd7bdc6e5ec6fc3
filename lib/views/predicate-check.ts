// Evaluates predicates in order and tells a full match from a mismatch on the method alone (405).
// Synchronous unless a predicate answers with a promise, so the common case costs no microtask.

import type { Request } from '../http/request.js';
import { RequestMethodPredicate } from '../predicates/index.js';
import type { MaybePromise } from '../types.js';

/** The outcome of a predicate check. */
export const Verdict = { Pass: 0, Fail: 1, MethodOnly: 2 } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

interface Checkable<T> {
  call(subject: T, request: Request): MaybePromise<boolean>;
}

function isMethodPredicate(predicate: unknown): boolean {
  return predicate instanceof RequestMethodPredicate;
}

async function finishAsync<T>(
  predicates: readonly Checkable<T>[],
  from: number,
  pending: Promise<boolean>,
  subject: T,
  request: Request,
  methodFailed: boolean,
): Promise<Verdict> {
  for (let i = from; i < predicates.length; i++) {
    const predicate = predicates[i] as Checkable<T>;
    const passed = i === from ? await pending : await predicate.call(subject, request);
    if (passed) continue;
    if (!isMethodPredicate(predicate)) return Verdict.Fail;
    methodFailed = true;
  }
  return methodFailed ? Verdict.MethodOnly : Verdict.Pass;
}

/** Check every predicate against `subject` (a view's context, or a route's match info). */
export function checkPredicates<T>(
  predicates: readonly Checkable<T>[],
  subject: T,
  request: Request,
): Verdict | Promise<Verdict> {
  let methodFailed = false;
  for (let i = 0; i < predicates.length; i++) {
    const predicate = predicates[i] as Checkable<T>;
    const passed = predicate.call(subject, request);
    if (typeof passed !== 'boolean')
      return finishAsync(predicates, i, passed, subject, request, methodFailed);
    if (passed) continue;
    if (!isMethodPredicate(predicate)) return Verdict.Fail;
    methodFailed = true;
  }
  return methodFailed ? Verdict.MethodOnly : Verdict.Pass;
}
