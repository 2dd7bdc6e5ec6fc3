// Built-in predicates shared between the views and routes that ask for the same value: a large app
// asks for `requestMethod: 'GET'` or `accept: 'application/json'` thousands of times, and each
// predicate object (with its parsed value) would otherwise be kept once per view for the app's life.
import type { PredicateInfo } from '../types.js';

/** A key for values whose predicate depends on nothing else; null for values not worth comparing. */
function valueKey(value: unknown): string | null {
  if (typeof value === 'string') return `string:${value}`;
  if (typeof value === 'boolean' || typeof value === 'number') return `${typeof value}:${value}`;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return JSON.stringify(value);
  return null;
}

/**
 * `factory`, making one predicate per value: the built-in predicates are pure functions of their
 * value (nothing in them changes after they are made), so every view asking for the same value can
 * use the same one. Each registry has its own (the map goes with it).
 */
export function sharedPerValue<F extends (value: any, info: PredicateInfo) => unknown>(factory: F): F {
  const made = new Map<string, ReturnType<F>>();
  const shared = (value: unknown, info: PredicateInfo) => {
    const key = valueKey(value);
    if (key === null) return factory(value, info);
    let predicate = made.get(key);
    if (predicate === undefined) made.set(key, (predicate = factory(value, info) as ReturnType<F>));
    return predicate;
  };
  return shared as F;
}
