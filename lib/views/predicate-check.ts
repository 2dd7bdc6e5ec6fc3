// Evaluates predicates in order and tells a full match from a mismatch on the method alone (405).
import { RequestMethodPredicate } from '../predicates/index.js';
import type { Request } from '../request.js';
import type { MaybePromise } from '../types.js';

/** The outcome of a predicate check. */
export const Verdict = { Pass: 0, Fail: 1, MethodOnly: 2 } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

interface Checkable<T> {
  call(subject: T, request: Request): MaybePromise<boolean>;
}

/** Check every predicate against `subject` (a view's context, or a route's match info). */
export async function checkPredicates<T>(
  predicates: readonly Checkable<T>[],
  subject: T,
  request: Request,
): Promise<Verdict> {
  let methodFailed = false;
  for (const predicate of predicates) {
    let passed = predicate.call(subject, request);
    if (typeof passed !== 'boolean') passed = await passed;
    if (passed) continue;
    if (!((predicate as unknown) instanceof RequestMethodPredicate)) return Verdict.Fail;
    methodFailed = true;
  }
  return methodFailed ? Verdict.MethodOnly : Verdict.Pass;
}
