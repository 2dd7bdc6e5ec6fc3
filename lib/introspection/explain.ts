// explainPath: how a committed app would dispatch one request, step by step, without calling a view.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { makeRequestClass } from '../config/factories.js';
import type { Registry } from '../config/registry.js';
import type { ConfigState, RouteEntry, ViewEntry } from '../config/state.js';
import { anyMethodIndex, groupRoutes, routesByPrecedence, routeTraverses } from '../dispatch/route-groups.js';
import { DefaultRoot, traverseSegments } from '../dispatch/traversal.js';
import type { Request } from '../http/request.js';
import { silentLog } from '../http/silent-log.js';
import { RequestMethodPredicate } from '../predicates/index.js';
import { canonicalPath, decodePathSegments, type Matchdict } from '../urldispatch/index.js';
import { ViewTable } from '../views/view-table.js';
import {
  describeView,
  type ExplainOptions,
  type Introspectable,
  type PathExplanation,
  type PredicateCheck,
  type RouteCheck,
  type StaticViewCheck,
  stateOf,
  type ViewCheck,
} from './describe.js';
import { matchStaticView } from './static.js';

interface Predicate<T> {
  text(): string;
  call(subject: T, request: Request): unknown;
}

function makeRequest(
  registry: Registry,
  state: ConfigState,
  method: string,
  url: string,
  headers: Record<string, string>,
): Request {
  const lower: Record<string, string> = { host: 'localhost' };
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  const search = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const fake = {
    method,
    url,
    headers: lower,
    query: Object.fromEntries(new URLSearchParams(search)),
    body: undefined,
    protocol: 'http',
    host: lower.host,
    params: {},
    log: silentLog,
  };
  const RequestClass = makeRequestClass(state);
  return new RequestClass(fake as unknown as FastifyRequest, {} as FastifyReply, registry);
}

/** Evaluate every predicate (not stopping at the first failure), so each one's verdict is shown. */
async function checkAll<T>(
  predicates: readonly Predicate<T>[],
  subject: T,
  request: Request,
): Promise<PredicateCheck[]> {
  const checks: PredicateCheck[] = [];
  for (const predicate of predicates) {
    try {
      checks.push({ text: predicate.text(), passed: (await predicate.call(subject, request)) === true });
    } catch (error) {
      checks.push({ text: `${predicate.text()} (threw: ${(error as Error).message})`, passed: false });
    }
  }
  return checks;
}

function matchPattern(
  route: RouteEntry,
  params: Record<string, string | undefined> | null,
  path: string,
): Matchdict | null {
  if (route.compiled.simple && params !== null) return route.compiled.fromFastifyParams(params);
  return route.compiled.match(canonicalPath(path));
}

type RouteIndex = ReturnType<typeof anyMethodIndex>;
const INDEXES = new WeakMap<ConfigState, { key: string; index: RouteIndex }>();

/**
 * The route groups' index for `state`, built once per configuration rather than per explanation (the
 * debug toolbar explains every request it records); built again after a commit or a new route or view.
 */
function routeIndexOf(state: ConfigState): RouteIndex {
  const key = `${state.commits}/${state.routes.size}/${state.views.length}`;
  const known = INDEXES.get(state);
  if (known?.key === key) return known.index;
  const index = anyMethodIndex(groupRoutes(state.routes.values(), state.views));
  INDEXES.set(state, { key, index });
  return index;
}

/**
 * The routes dispatch would try, in order, until one's pattern and predicates all match: those of
 * the route group Fastify picks, then (the fall-through) the other routes whose patterns match.
 */
async function tryRoutes(state: ConfigState, request: Request, path: string): Promise<RouteCheck[]> {
  const found = routeIndexOf(state)(path);
  const inGroup = found?.group.routes ?? [];
  const elsewhere = routesByPrecedence(state.routes.values()).filter((route) => !inGroup.includes(route));
  const checks: RouteCheck[] = [];
  for (const [routes, params] of [
    [inGroup, found?.params ?? null],
    [elsewhere, null],
  ] as const) {
    for (const route of routes) {
      const matchdict = matchPattern(route, params, path);
      if (matchdict === null && routes === elsewhere) continue;
      const predicates =
        matchdict === null ? [] : await checkAll(route.predicates, { match: matchdict, route }, request);
      const check = {
        name: route.name,
        pattern: route.pattern,
        matched: matchdict !== null,
        matchdict,
        predicates,
      };
      checks.push(check);
      if (check.matched && predicates.every((p) => p.passed)) return checks;
    }
  }
  return checks;
}

function routeSegments(route: RouteEntry, matchdict: Matchdict): readonly string[] {
  if (route.traverse !== null) return decodePathSegments(route.traverse.generate(matchdict));
  return Array.isArray(matchdict.traverse) ? matchdict.traverse : [];
}

/** A resource as `Class /path/`: its class and the path from the root. */
export function describeResource(resource: unknown): string {
  const kind = (resource as object | null)?.constructor?.name ?? String(resource);
  const names: string[] = [];
  for (
    let node = resource as { __name__?: unknown; __parent__?: unknown } | null;
    node && typeof node.__name__ === 'string';
    node = node.__parent__ as typeof node
  ) {
    if (node.__parent__ === null || node.__parent__ === undefined) break;
    names.unshift(node.__name__);
  }
  return names.length === 0 ? `${kind} /` : `${kind} /${names.join('/')}/`;
}

/** Only the method failed: dispatch answers 405 when every failing candidate failed only so. */
function failedOnMethod(entry: ViewEntry, checks: readonly PredicateCheck[]): boolean {
  const failed = entry.predicates.filter((_, i) => !checks[i]?.passed);
  return failed.length > 0 && failed.every((predicate) => predicate instanceof RequestMethodPredicate);
}

async function checkViews(
  candidates: readonly ViewEntry[],
  request: Request,
): Promise<{ views: ViewCheck[]; outcome: string }> {
  const views: ViewCheck[] = [];
  let methodOnly = false;
  for (const entry of candidates) {
    const checks = await checkAll(entry.predicates, request.context, request);
    const selected = !views.some((view) => view.selected) && checks.every((check) => check.passed);
    methodOnly ||= failedOnMethod(entry, checks);
    views.push({ ...describeView(entry), checks, selected });
  }
  const selected = views.find((view) => view.selected);
  const outcome = selected
    ? `view ${selected.callable}`
    : methodOnly
      ? '405 Method Not Allowed'
      : '404 Not Found';
  return { views, outcome };
}

/**
 * How the app would answer `method path`: the routes tried (pattern, each route predicate), the
 * traversal result, and every candidate view with each predicate's verdict. No view is called. With
 * `options.request` (a request already dispatched), its route and context are used as found.
 * @example
 * const explained = await explainPath(app, '/docs/readme', { method: 'POST' });
 * console.log(explained.route?.name, explained.traversal.viewName, explained.outcome);
 */
export async function explainPath(
  target: Introspectable,
  path: string,
  options: ExplainOptions = {},
): Promise<PathExplanation> {
  const { registry, state } = stateOf(target);
  const dispatched = options.request;
  const method = (dispatched?.method ?? options.method ?? 'GET').toUpperCase();
  const url = path.startsWith('/') ? path : `/${path}`;
  const request = dispatched ?? makeRequest(registry, state, method, url, options.headers ?? {});
  const pathOnly = request.path;
  const staticView = matchStaticView(registry, method, pathOnly);
  if (staticView !== null) return staticExplanation(method, url, staticView);
  const routes = await tryRoutes(state, request, pathOnly);
  const matched =
    dispatched === undefined
      ? (routes.find((check) => check.matched && check.predicates.every((p) => p.passed)) ?? null)
      : (routes.find((check) => check.name === dispatched.matchedRoute?.name) ?? null);
  const entry = matched === null ? null : (state.routes.get(matched.name) as RouteEntry);
  if (dispatched === undefined) await findContext(state, request, entry, matched, pathOnly);
  const table = new ViewTable(state.views, (view) => view.name);
  const candidates = table.candidates(
    entry?.name ?? null,
    entry?.useGlobalViews ?? false,
    request.viewName,
    request.context,
    request,
  );
  const { views, outcome } = await checkViews(candidates, request);
  return {
    method,
    path: url,
    routes,
    route: matched,
    traversal: {
      context: describeResource(request.context),
      viewName: request.viewName,
      subpath: [...request.subpath],
      traversed: [...request.traversed],
    },
    views,
    staticView: null,
    outcome,
  };
}

/** What dispatch does before choosing a view, on the copy of a request: the root factory, then traversal. */
async function findContext(
  state: ConfigState,
  request: Request,
  entry: RouteEntry | null,
  matched: RouteCheck | null,
  pathOnly: string,
): Promise<void> {
  if (entry !== null && matched?.matchdict) {
    request.matchedRoute = entry;
    request.matchdict = matched.matchdict;
  }
  const root = await (entry?.factory ?? state.rootFactory ?? (() => new DefaultRoot()))(request);
  request.root = request.context = root;
  if (entry === null || routeTraverses(entry)) {
    const segments = entry === null ? decodePathSegments(pathOnly) : routeSegments(entry, request.matchdict);
    const found = await traverseSegments(root, segments);
    Object.assign(request, {
      context: found.context,
      viewName: found.viewName,
      subpath: found.subpath,
      traversed: found.traversed,
    });
  }
}

/** A path a static view answers: Fastify sends it to the static view, so no route or traversal is tried. */
function staticExplanation(method: string, path: string, staticView: StaticViewCheck): PathExplanation {
  return {
    method,
    path,
    routes: [],
    route: null,
    traversal: { context: 'none (a static view answers)', viewName: '', subpath: [], traversed: [] },
    views: [],
    staticView,
    outcome: staticView.file === null ? '404 Not Found' : `static view ${staticView.name}`,
  };
}
