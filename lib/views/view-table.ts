// The committed views, indexed by route and view name, ordered as Pyramid orders candidates.
import type { ViewEntry } from '../config/state.js';
import type { Class } from '../types.js';

interface ContextGroup {
  readonly context: Class | null;
  readonly depth: number;
  readonly entries: ViewEntry[];
}

const GLOBAL = '\0global';

/** How far down its inheritance chain a class sits: a subclass is deeper than its base. */
export function classDepth(cls: Class | null): number {
  let depth = 0;
  for (let proto = cls?.prototype; proto; proto = Object.getPrototypeOf(proto)) depth++;
  return depth;
}

/** More predicates first, then registration order. */
function byPredicateCount(a: ViewEntry, b: ViewEntry): number {
  return b.predicates.length - a.predicates.length || a.index - b.index;
}

function groupByContext(entries: ViewEntry[]): ContextGroup[] {
  const groups = new Map<Class | null, ViewEntry[]>();
  for (const entry of entries) {
    const list = groups.get(entry.context);
    if (list) list.push(entry);
    else groups.set(entry.context, [entry]);
  }
  return [...groups]
    .map(([context, list]) => ({ context, depth: classDepth(context), entries: list.sort(byPredicateCount) }))
    .sort((a, b) => b.depth - a.depth);
}

/** Candidates of one context-aware group list: the most specific context class first. */
export function candidatesFor(groups: readonly ContextGroup[], context: unknown): readonly ViewEntry[] {
  const only = groups[0];
  if (groups.length === 1 && only?.context === null) return only.entries;
  const result: ViewEntry[] = [];
  for (const group of groups) {
    if (group.context === null || context instanceof group.context) result.push(...group.entries);
  }
  return result;
}

/** Views grouped by a key (route name or global) and then by an inner key (view name). */
export class ViewTable {
  readonly #groups = new Map<string, Map<string, ContextGroup[]>>();

  constructor(entries: readonly ViewEntry[], innerKey: (entry: ViewEntry) => string) {
    const collected = new Map<string, Map<string, ViewEntry[]>>();
    for (const entry of entries) {
      const outer = entry.routeName ?? GLOBAL;
      const byInner = collected.get(outer) ?? new Map<string, ViewEntry[]>();
      collected.set(outer, byInner);
      const inner = innerKey(entry);
      byInner.set(inner, [...(byInner.get(inner) ?? []), entry]);
    }
    for (const [outer, byInner] of collected) {
      this.#groups.set(outer, new Map([...byInner].map(([inner, list]) => [inner, groupByContext(list)])));
    }
  }

  /** The context groups for a route (null: global views) and inner key; empty when none. */
  groups(routeName: string | null, inner: string): readonly ContextGroup[] {
    return this.#groups.get(routeName ?? GLOBAL)?.get(inner) ?? [];
  }

  /** Whether any view is registered for this route. */
  hasRoute(routeName: string): boolean {
    return this.#groups.has(routeName);
  }

  /**
   * The candidates for a route and view name when no context can change them (every view of
   * theirs is for any context); null when some depend on the context class.
   */
  contextFree(routeName: string, useGlobal: boolean, inner: string): readonly ViewEntry[] | null {
    const groups = [...this.groups(routeName, inner), ...(useGlobal ? this.groups(null, inner) : [])];
    if (groups.some((group) => group.context !== null)) return null;
    return this.candidates(routeName, useGlobal, inner, null);
  }

  /** Ordered candidates: the route's own views, then (if allowed) global ones. */
  candidates(
    routeName: string | null,
    useGlobal: boolean,
    inner: string,
    context: unknown,
  ): readonly ViewEntry[] {
    const own = candidatesFor(this.groups(routeName, inner), context);
    if (routeName === null || !useGlobal) return own;
    return [...own, ...candidatesFor(this.groups(null, inner), context)];
  }
}
