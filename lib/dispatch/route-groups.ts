// Route groups: the routes that share one Fastify path, and matching a request against them
// (pattern, then route predicates, in registration order), with Fastify's own router as the index.
import FindMyWay from 'find-my-way';
import type { RouteEntry, ViewEntry } from '../config/state.js';
import { ZigguratError } from '../errors.js';
import { HTTPBadRequest } from '../http/exceptions/index.js';
import { type Request, requestInternals } from '../http/request.js';
import type { Response } from '../http/response.js';
import { canonicalPath, type Matchdict } from '../urldispatch/index.js';
import { checkPredicates, Verdict } from '../views/predicate-check.js';

/** The methods a route answers when neither it nor all of its views restrict the method. */
export const ALL_METHODS: readonly string[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** Routes that share one Fastify path, tried in registration order. */
export interface RouteGroup {
  readonly fastifyPath: string;
  readonly routes: readonly RouteEntry[];
  readonly methods: readonly string[];
}

/**
 * What a Fastify route hands to dispatch: its route group, and what commit could settle for it in
 * advance, so that the common request skips the general route matching and view look-up.
 */
export class GroupDispatch {
  constructor(
    readonly group: RouteGroup,
    /** The group's one route, when Fastify's params alone decide it: a simple pattern, no route predicates. */
    readonly direct: RouteEntry | null,
    /** The direct route's views for the default view name, when no context can change which apply. */
    readonly views: readonly ViewEntry[] | null,
    /**
     * The only one of those views when it answers every request routed here (its predicates check
     * only a method the route's Fastify methods guarantee): it runs without its predicates.
     */
    readonly lone: ViewEntry | null = null,
  ) {}

  /**
   * What handles its requests in place of the app's tween chain and MAIN, when commit found a
   * shorter way that does the same (Runtime.dispatchFor); null: the app's handler.
   */
  handler: ((request: Request) => Response | Promise<Response>) | null = null;
}

/**
 * A request whose method Fastify has no route for, but whose path a route group matches: it is
 * dispatched to that group with the params the group's own lookup found, so 405s are exact.
 * Without params (null), every pattern is matched against the path itself (the fall-through).
 */
export class FallbackDispatch {
  constructor(
    readonly group: RouteGroup,
    readonly params: Readonly<Record<string, string | undefined>> | null,
  ) {}
}

/** No route of the group matched the path's pattern (as opposed to failing on predicates). */
export const UNMATCHED = Symbol('ziggurat.unmatched');
/** A matched route, or the methods of routes that failed only on the method, or nothing. */
export type GroupMatch = RouteEntry | ReadonlySet<string> | null | typeof UNMATCHED;

/** The route a match names (null: no route, or routes that only refused the method). */
export function routeOf(match: GroupMatch): RouteEntry | null {
  return match === null || match === UNMATCHED || match instanceof Set ? null : (match as RouteEntry);
}

/** Whether a route's context comes from traversal (a `traverse` pattern or a `*traverse` remainder) rather than being the root. */
export function routeTraverses(route: RouteEntry): boolean {
  return route.traverse !== null || route.compiled.restName === 'traverse';
}

function viewsByRoute(views: readonly ViewEntry[]): Map<string, ViewEntry[]> {
  const byRoute = new Map<string, ViewEntry[]>();
  for (const view of views) {
    if (view.routeName === null) continue;
    const list = byRoute.get(view.routeName);
    if (list) list.push(view);
    else byRoute.set(view.routeName, [view]);
  }
  return byRoute;
}

/** The methods Fastify must route to a route: its own restriction, else its views', else all. */
function routeMethods(route: RouteEntry, views: readonly ViewEntry[] | undefined): readonly string[] {
  if (route.methods !== null) return route.methods;
  if (route.useGlobalViews || !views || views.some((view) => view.methods === null)) return ALL_METHODS;
  return [...new Set(views.flatMap((view) => view.methods ?? []))];
}

/** Routes grouped by their Fastify path, in registration order, with the methods to register. */
export function groupRoutes(routes: Iterable<RouteEntry>, views: readonly ViewEntry[]): RouteGroup[] {
  const byRoute = viewsByRoute(views);
  const groups = new Map<string, { routes: RouteEntry[]; methods: Set<string> }>();
  for (const route of routes) {
    if (route.static) continue; // for URL generation only
    const path = route.compiled.fastifyPath;
    const group = groups.get(path) ?? { routes: [], methods: new Set<string>() };
    groups.set(path, group);
    group.routes.push(route);
    for (const method of routeMethods(route, byRoute.get(route.name))) group.methods.add(method);
  }
  return [...groups].map(([fastifyPath, group]) => ({
    fastifyPath,
    routes: [...group.routes], // of its own length: one built by push keeps room for 17
    methods: sharedMethods([...group.methods].sort()),
  }));
}

/** Method lists by their text: an app's routes answer a few combinations of methods. */
const METHOD_LISTS = new Map<string, readonly string[]>();

/** The one array of these (sorted, upper-case) methods: each route group keeps one for the app's life. */
function sharedMethods(methods: readonly string[]): readonly string[] {
  const key = methods.join(' ');
  let shared = METHOD_LISTS.get(key);
  if (shared === undefined) METHOD_LISTS.set(key, (shared = methods));
  return shared;
}

/**
 * A lookup of the route group a path reaches whatever the method, built on first use (only
 * requests Fastify has no route for need it), so that they still get exact 405 answers.
 */
export function anyMethodIndex(groups: readonly RouteGroup[]): (path: string) => FallbackDispatch | null {
  // An app without routes (traversal only) has nothing to look up.
  if (groups.length === 0) return () => null;
  let router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | null = null;
  return (path) => {
    if (router === null) {
      router = FindMyWay({ maxParamLength: 1000 });
      for (const group of groups) router.on('GET', group.fastifyPath, () => {}, group);
    }
    const found = router.find('GET', path);
    if (!found) return null;
    return new FallbackDispatch(found.store as RouteGroup, found.params);
  };
}

/** Per path segment: 0 static, 1 `{param}` (or anything within one segment), 2 the wildcard. */
function precedenceKey(fastifyPath: string): number[] {
  return fastifyPath
    .split('/')
    .slice(1)
    .map((segment) => (segment === '*' ? 2 : segment.startsWith(':') && !segment.startsWith('::') ? 1 : 0));
}

function comparePrecedence(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * Every route, in the order Fastify's router prefers routes that all match one path: segment by
 * segment, static before `{param}` before the wildcard (find-my-way's order); registration order
 * among equals. When the route Fastify picked refuses a request (its pattern, or its predicates),
 * dispatch tries the other routes whose patterns match in this order, as Pyramid tries the next.
 */
export function routesByPrecedence(routes: Iterable<RouteEntry>): RouteEntry[] {
  return [...routes]
    .filter((route) => !route.static)
    .map((route, index) => ({ route, index, key: precedenceKey(route.compiled.fastifyPath) }))
    .sort((a, b) => comparePrecedence(a.key, b.key) || a.index - b.index)
    .map(({ route }) => route);
}

/** Whether no route matched: no pattern did (UNMATCHED), or every matching route's predicates failed. */
export function refused(match: GroupMatch): boolean {
  return match === UNMATCHED || match === null || match instanceof Set;
}

/** A fall-through's outcome: the route it found, else the methods both tries could have allowed. */
export function fallThroughResult(first: GroupMatch, then: GroupMatch): GroupMatch {
  if (!refused(then)) return then;
  return mergeAllowed(
    first === UNMATCHED ? null : (first as ReadonlySet<string> | null),
    then === UNMATCHED ? null : (then as ReadonlySet<string> | null),
  );
}

function canonicalOf(request: Request): string {
  try {
    return canonicalPath(request.path);
  } catch (error) {
    if (error instanceof ZigguratError && error.statusCode === 400)
      throw new HTTPBadRequest({ detail: error.message });
    throw error;
  }
}

/**
 * Try the group's routes in registration order: pattern, then route predicates. The matched
 * route's matchdict is set on the request. Synchronous unless a route predicate is async.
 */
export function matchGroup(
  dispatch: GroupDispatch | FallbackDispatch,
  request: Request,
): GroupMatch | Promise<GroupMatch> {
  const routes = dispatch.group.routes;
  const params = dispatch instanceof FallbackDispatch ? dispatch.params : requestInternals.params(request);
  let canonical: string | null = null;
  let allowed: Set<string> | null = null;
  let anyPattern = false;
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i] as RouteEntry;
    const compiled = route.compiled;
    const matchdict =
      compiled.simple && params !== null
        ? compiled.fromFastifyParams(params)
        : compiled.match((canonical ??= canonicalOf(request)));
    if (matchdict === null) continue;
    anyPattern = true;
    const verdict =
      route.predicates.length === 0
        ? Verdict.Pass
        : checkPredicates(route.predicates, { match: matchdict, route }, request);
    if (verdict instanceof Promise)
      return matchRestAsync(routes, i, verdict, matchdict, request, allowed, params);
    if (verdict === Verdict.Pass) return matched(request, route, matchdict);
    if (verdict === Verdict.MethodOnly) allowed = addMethods(allowed, route);
  }
  return anyPattern ? allowed : UNMATCHED;
}

async function matchRestAsync(
  routes: readonly RouteEntry[],
  from: number,
  pending: Promise<Verdict>,
  matchdict: Matchdict,
  request: Request,
  allowed: Set<string> | null,
  params: Readonly<Record<string, string | undefined>> | null,
): Promise<GroupMatch> {
  const verdict = await pending;
  const route = routes[from] as RouteEntry;
  if (verdict === Verdict.Pass) return matched(request, route, matchdict);
  if (verdict === Verdict.MethodOnly) allowed = addMethods(allowed, route);
  const rest = matchGroup(
    new FallbackDispatch({ fastifyPath: '', routes: routes.slice(from + 1), methods: [] }, params),
    request,
  );
  const found = rest instanceof Promise ? await rest : rest;
  if (found === UNMATCHED) return allowed;
  if (found instanceof Set || found === null) return mergeAllowed(allowed, found);
  return found;
}

/** The direct route of a group: its pattern matches unless Fastify gave it an empty param. */
export function matchDirect(route: RouteEntry, request: Request): GroupMatch {
  const matchdict = route.compiled.fromFastifyParams(requestInternals.params(request));
  return matchdict === null ? UNMATCHED : matched(request, route, matchdict);
}

function matched(request: Request, route: RouteEntry, matchdict: Matchdict): RouteEntry {
  request.matchedRoute = route;
  request.matchdict = matchdict;
  return route;
}

function addMethods(allowed: Set<string> | null, route: RouteEntry): Set<string> {
  const result = allowed ?? new Set<string>();
  for (const method of route.methods ?? []) result.add(method);
  return result;
}

function mergeAllowed(
  a: ReadonlySet<string> | null,
  b: ReadonlySet<string> | null,
): ReadonlySet<string> | null {
  if (a === null) return b;
  if (b === null) return a;
  return new Set([...a, ...b]);
}
