// Route groups: the routes that share one Fastify path, and matching a request against them
// (pattern, then route predicates, in registration order), with Fastify's own router as the index.
import FindMyWay from 'find-my-way';
import type { RouteEntry, ViewEntry } from '../config/state.js';
import { ZigguratError } from '../errors.js';
import { HTTPBadRequest } from '../http/exceptions/index.js';
import { type Request, requestInternals } from '../http/request.js';
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
  ) {}
}

/**
 * A request whose method Fastify has no route for, but whose path a route group matches: it is
 * dispatched to that group with the params the group's own lookup found, so 405s are exact.
 */
export class FallbackDispatch {
  constructor(
    readonly group: RouteGroup,
    readonly params: Readonly<Record<string, string | undefined>>,
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
    const path = route.compiled.fastifyPath;
    const group = groups.get(path) ?? { routes: [], methods: new Set<string>() };
    groups.set(path, group);
    group.routes.push(route);
    for (const method of routeMethods(route, byRoute.get(route.name))) group.methods.add(method);
  }
  return [...groups].map(([fastifyPath, group]) => ({
    fastifyPath,
    routes: group.routes,
    methods: [...group.methods].sort(),
  }));
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

/**
 * Routes whose Fastify path is coarser than their pattern, in the order dispatch tries them when the
 * route Fastify picked refuses a path: regexes and mixed segments before wildcards.
 */
export function regexRoutes(routes: Iterable<RouteEntry>): RouteEntry[] {
  const coarse = [...routes].filter((route) => !route.compiled.simple);
  const isWildcard = (route: RouteEntry) => (route.compiled.fastifyPath.endsWith('*') ? 1 : 0);
  return coarse.sort((a, b) => isWildcard(a) - isWildcard(b));
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
    const matchdict = compiled.simple
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
  params: Readonly<Record<string, string | undefined>>,
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
