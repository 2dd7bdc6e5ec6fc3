// Built-in predicates shared between the views and routes that ask for the same value, and lists of
// them shared between those asking for the same ones: a large app asks for `requestMethod: 'GET'`
// or `accept: 'application/json'` thousands of times, and each predicate object (with its parsed
// value) and list would otherwise be kept once per view for the app's life.
import type { PredicateInfo } from '../types.js';

/** A number for each predicate sharedPerValue made, to name the lists they make up. */
const sharedIds = new WeakMap<object, number>();
let nextId = 0;
/** The lists of shared predicates kept, by predicate factories (one registry's) and ids. */
const keptLists = new WeakMap<object, Map<string, readonly unknown[]>>();
const NO_PREDICATES: readonly never[] = [];

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
    if (predicate === undefined) {
      predicate = factory(value, info) as ReturnType<F>;
      made.set(key, predicate);
      if (typeof predicate === 'object' && predicate !== null) sharedIds.set(predicate, nextId++);
    }
    return predicate;
  };
  return shared as F;
}

/**
 * The list to keep for these predicates: when they are all shared ones, the same array for every
 * view (or route) of the registry whose `factories` made them that asks for the same ones;
 * otherwise a copy of its own length (one built by push has room for 17).
 */
export function keptList<P>(factories: object, predicates: readonly P[]): readonly P[] {
  if (predicates.length === 0) return NO_PREDICATES;
  let key = '';
  for (const predicate of predicates) {
    const id = sharedIds.get(predicate as object);
    if (id === undefined) return predicates.slice();
    key += `${id},`;
  }
  let lists = keptLists.get(factories);
  if (lists === undefined) keptLists.set(factories, (lists = new Map()));
  let list = lists.get(key) as readonly P[] | undefined;
  if (list === undefined) lists.set(key, (list = predicates.slice()));
  return list;
}
