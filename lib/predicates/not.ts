// Negated predicate values (Pyramid's `not_`): `not(value)` for any view or route predicate option.
import type { MaybePromise } from '../types.js';

/** A predicate value wrapped by `not(value)`: the predicate made from `value` must fail. */
export class NotValue<T = unknown> {
  constructor(readonly value: T) {}
}

/**
 * Invert any predicate value: the view or route matches when the predicate made from `value` fails.
 * @example config.addView(readOnly, { routeName: 'doc', requestMethod: not('POST') });
 */
export function not<T>(value: T): NotValue<T> {
  return new NotValue(value);
}

/** A value an option that takes `T` accepts: `T` itself or `not(T)`. */
export type Negatable<T> = T | NotValue<T>;

/** What negate needs of a view or route predicate. */
interface Predicate {
  text(): string;
  phash(): string;
  call(subject: never, request: never): MaybePromise<boolean>;
}

/** `!` before a description, unless the description is empty (then it is no real predicate). */
function negatedText(text: string): string {
  return text === '' ? text : `!${text}`;
}

const flip = (passed: boolean): boolean => !passed;

/**
 * The predicate that passes when `predicate` fails. It is not a RequestMethodPredicate, so a
 * negated method never restricts the methods Fastify routes, nor turns a mismatch into a 405.
 */
export function negate<P extends Predicate>(predicate: P): P {
  const negated: Predicate = {
    text: () => negatedText(predicate.text()),
    phash: () => negatedText(predicate.phash()),
    call(subject: never, request: never): MaybePromise<boolean> {
      const passed = predicate.call(subject, request);
      return typeof passed === 'boolean' ? !passed : passed.then(flip);
    },
  };
  return negated as P;
}
