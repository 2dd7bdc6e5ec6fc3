// The committed views, indexed by route and view name, ordered as Pyramid orders candidates.
import type { ViewEntry } from '../config/state.js';
import type { Request } from '../http/request.js';
import type { Class } from '../types.js';
import { type AcceptRanked, acceptRanking, byAcceptPreference, hasAcceptOffers } from './accept-order.js';

interface ContextGroup {
  readonly context: Class | null;
  readonly depth: number;
  readonly entries: ViewEntry[];
  /**
   * Whether the Accept header orders its views: two or more of them, some with an `accept` offer. A
   * lone view's own accept predicate already refuses a header that accepts none of its offers.
   */
  readonly accepts: boolean;
  /**
   * Their order's data, made for the first request that needs it: kept for the routes an app's
   * clients use rather than for every route.
   */
  ranking: AcceptRanked | null;
}

const GLOBAL = '\0global';

/** How far down its inheritance chain a class sits: a subclass is deeper than its base. */
export function classDepth(cls: Class | null): number {
  let depth = 0;
  for (let proto = cls?.prototype; proto; proto = Object.getPrototypeOf(proto)) depth++;
  return depth;
}

/**
 * Pyramid's order: more predicates first; among as many, the heavier predicates (see
 * predicateWeight); then registration order, which only separates views with the same kinds.
 */
function byPredicateOrder(a: ViewEntry, b: ViewEntry): number {
  return b.predicates.length - a.predicates.length || b.weight - a.weight || a.index - b.index;
}

function groupByContext(entries: ViewEntry[]): ContextGroup[] {
  const groups = new Map<Class | null, ViewEntry[]>();
  for (const entry of entries) {
    const list = groups.get(entry.context);
    if (list) list.push(entry);
    else groups.set(entry.context, [entry]);
  }
  return [...groups]
    .map(([context, list]) => {
      // A copy of the list's own length: one built by push keeps room for 17, for the app's life.
      const sorted = [...list].sort(byPredicateOrder);
      return {
        context,
        depth: classDepth(context),
        entries: sorted,
        accepts: sorted.length > 1 && hasAcceptOffers(sorted),
        ranking: null,
      };
    })
    .sort((a, b) => b.depth - a.depth);
}

/** A group's candidates for this request: accept views in the order its Accept header prefers. */
function entriesFor(group: ContextGroup, request: Request | null): readonly ViewEntry[] {
  if (!group.accepts) return group.entries;
  group.ranking ??= acceptRanking(group.entries) as AcceptRanked;
  return byAcceptPreference(group.ranking, request?.headerValue('accept'));
}

/** Candidates of one context-aware group list: the most specific context class first. */
export function candidatesFor(
  groups: readonly ContextGroup[],
  context: unknown,
  request: Request | null = null,
): readonly ViewEntry[] {
  const only = groups[0];
  if (groups.length === 1 && only?.context === null) return entriesFor(only, request);
  const result: ViewEntry[] = [];
  for (const group of groups) {
    if (group.context === null || context instanceof group.context)
      result.push(...entriesFor(group, request));
  }
  return result;
}

/**
 * A route's context groups by inner key, or, when its only inner key is '' (as for most routes:
 * views without a view name), that key's groups without a Map: an app keeps one per route.
 */
type ByInner = readonly ContextGroup[] | ReadonlyMap<string, readonly ContextGroup[]>;

function byInnerOf(byInner: Map<string, ViewEntry[]>): ByInner {
  const only = byInner.size === 1 ? byInner.get('') : undefined;
  if (only !== undefined) return groupByContext(only);
  return new Map([...byInner].map(([inner, list]) => [inner, groupByContext(list)]));
}

const NO_GROUPS: readonly ContextGroup[] = [];

/** Views grouped by a key (route name or global) and then by an inner key (view name). */
export class ViewTable {
  readonly #groups = new Map<string, ByInner>();

  constructor(entries: readonly ViewEntry[], innerKey: (entry: ViewEntry) => string) {
    const collected = new Map<string, Map<string, ViewEntry[]>>();
    for (const entry of entries) {
      const outer = entry.routeName ?? GLOBAL;
      const byInner = collected.get(outer) ?? new Map<string, ViewEntry[]>();
      collected.set(outer, byInner);
      const inner = innerKey(entry);
      byInner.set(inner, [...(byInner.get(inner) ?? []), entry]);
    }
    for (const [outer, byInner] of collected) this.#groups.set(outer, byInnerOf(byInner));
  }

  /** The context groups for a route (null: global views) and inner key; empty when none. */
  groups(routeName: string | null, inner: string): readonly ContextGroup[] {
    const byInner = this.#groups.get(routeName ?? GLOBAL);
    if (byInner === undefined) return NO_GROUPS;
    if (Array.isArray(byInner)) return inner === '' ? byInner : NO_GROUPS;
    return (byInner as ReadonlyMap<string, readonly ContextGroup[]>).get(inner) ?? NO_GROUPS;
  }

  /** Whether any view is registered for this route. */
  hasRoute(routeName: string): boolean {
    return this.#groups.has(routeName);
  }

  /**
   * The candidates for a route and view name when neither the context nor the request can change
   * them (every view of theirs is for any context, none has an accept offer); null otherwise.
   */
  contextFree(routeName: string, useGlobal: boolean, inner: string): readonly ViewEntry[] | null {
    const groups = [...this.groups(routeName, inner), ...(useGlobal ? this.groups(null, inner) : [])];
    if (groups.some((group) => group.context !== null || group.accepts)) return null;
    return this.candidates(routeName, useGlobal, inner, null);
  }

  /** Ordered candidates: the route's own views, then (if allowed) global ones. */
  candidates(
    routeName: string | null,
    useGlobal: boolean,
    inner: string,
    context: unknown,
    request: Request | null = null,
  ): readonly ViewEntry[] {
    const own = candidatesFor(this.groups(routeName, inner), context, request);
    if (routeName === null || !useGlobal) return own;
    return [...own, ...candidatesFor(this.groups(null, inner), context, request)];
  }
}
