// URL generation for named routes and for resources, as Pyramid's route_url, current_route_url and
// resource_url: a route's pregenerator, external routes, and a resource's __resource_url__ hook.
import type { RouteEntry } from '../config/state.js';
import { URLGenerationError } from '../errors.js';
import { STATE } from '../symbols.js';
import { encodeQuery, type QueryInput, quoteAnchor, quoteSegment } from '../urldispatch/index.js';
import { type AppUrlOptions, applicationUrlFor } from './app-url.js';
import type { Request } from './request.js';

/** What every URL-generating method takes besides its own options. */
export interface UrlOptions extends AppUrlOptions {
  /** An object (array values repeat the key), an ordered list of `[key, value]` pairs, or a ready query string. */
  query?: QueryInput;
  anchor?: string;
}

/** Options of routeUrl/routePath. */
export interface RouteUrlOptions extends UrlOptions {
  /** Values for the pattern's `{names}` and `*rest`. */
  params?: Readonly<Record<string, unknown>>;
  /** Extra path segments appended after the route's path, each quoted. */
  elements?: readonly string[];
}

/** Options of currentRouteUrl/currentRoutePath. */
export interface CurrentRouteUrlOptions extends RouteUrlOptions {
  /** Another route to generate, with the current matchdict as default params. */
  route?: string;
}

/** Options of resourceUrl/resourcePath, given as the last argument. */
export interface ResourceUrlOptions extends UrlOptions {
  /** Generate through this route: the resource path fills its `*traverse` remainder. */
  route?: string;
  /** Other params of that route. */
  params?: Readonly<Record<string, unknown>>;
}

/** What a resource's `__resource_url__(request, info)` hook is told. */
export interface ResourceUrlInfo {
  /** The resource's path below the virtual root, quoted, with a trailing slash. */
  readonly virtualPath: string;
  /** The resource's path from the physical root, quoted, with a trailing slash. */
  readonly physicalPath: string;
  /** The prefix the URL would start with (`''` for resourcePath). */
  readonly appUrl: string;
}

/** Where a route's URLs point: the app itself, or another site (an external route). */
export interface ExternalOrigin {
  /** The pattern's scheme, or null for `//host/...` (the request's scheme is used). */
  readonly scheme: string | null;
  /** The pattern's `host[:port]`. */
  readonly host: string;
}

function appendSuffix(path: string, query: QueryInput | undefined, anchor: string | undefined): string {
  let result = path;
  if (query !== undefined) {
    const encoded = encodeQuery(query);
    if (encoded !== '') result += `?${encoded}`;
  }
  if (anchor !== undefined) result += `#${quoteAnchor(anchor)}`;
  return result;
}

function appendElements(path: string, elements: readonly string[]): string {
  if (elements.length === 0) return path;
  const joined = elements.map((element) => quoteSegment(String(element))).join('/');
  return path.endsWith('/') ? path + joined : `${path}/${joined}`;
}

function findRoute(routes: ReadonlyMap<string, RouteEntry>, name: string): RouteEntry {
  const route = routes.get(name);
  if (route) return route;
  const known = [...routes.keys()].join(', ') || 'none';
  throw new URLGenerationError('ZIG_ERR_ROUTE_UNKNOWN', `No route named '${name}' (known routes: ${known})`);
}

function routesOf(request: Request): ReadonlyMap<string, RouteEntry> {
  return request.registry[STATE].routes;
}

/** The prefix of a route's URL: the (possibly replaced) application URL, or an external route's site. */
function routePrefix(request: Request, route: RouteEntry, options: UrlOptions, absolute: boolean): string {
  const external = route.external;
  if (external === null) return absolute ? applicationUrlFor(request, options) : '';
  if (!absolute || options.appUrl !== undefined) {
    throw new URLGenerationError(
      'ZIG_ERR_ROUTE_EXTERNAL',
      `Route '${route.name}' points to another site (${route.pattern}): use routeUrl, without appUrl`,
    );
  }
  return `${options.scheme ?? external.scheme ?? request.scheme}://${external.host}`;
}

/** A route's URL: pregenerator, path, then elements, query and anchor; `slash` ends the path with '/'. */
function generate(
  request: Request,
  route: RouteEntry,
  options: RouteUrlOptions,
  absolute: boolean,
  slash = false,
): string {
  let elements = options.elements ?? [];
  let params = options.params ?? {};
  if (route.pregenerator !== null) [elements, params] = route.pregenerator(request, elements, params);
  const prefix = routePrefix(request, route, options, absolute);
  let path = route.compiled.generate(params);
  if (slash && !path.endsWith('/')) path += '/';
  return prefix + appendSuffix(appendElements(path, elements), options.query, options.anchor);
}

/** The URL (`absolute`) or path of a named route, with elements, query and anchor. */
export function routeUrl(
  request: Request,
  name: string,
  options: RouteUrlOptions,
  absolute: boolean,
): string {
  return generate(request, findRoute(routesOf(request), name), options, absolute);
}

/** The query string the request came with, as written (undefined when it has none). */
function currentQuery(request: Request): string | undefined {
  const url = request.fastify.request.url;
  const mark = url.indexOf('?');
  return mark === -1 ? undefined : url.slice(mark + 1);
}

/**
 * The URL of the route the request matched (or of `options.route`), its matchdict overridden by
 * `options.params`, keeping the request's query unless `options.query` is given.
 */
export function currentRouteUrl(
  request: Request,
  options: CurrentRouteUrlOptions,
  absolute: boolean,
): string {
  const name = options.route ?? request.matchedRoute?.name;
  if (name === undefined) {
    throw new URLGenerationError(
      'ZIG_ERR_ROUTE_UNKNOWN',
      'currentRouteUrl needs a matched route: this request matched none (pass { route } to name one)',
    );
  }
  const params = { ...request.matchdict, ...options.params };
  const query = 'query' in options ? options.query : currentQuery(request);
  return routeUrl(request, name, { ...options, params, query }, absolute);
}

function isOptions(value: unknown): value is ResourceUrlOptions {
  return value !== null && typeof value === 'object';
}

/** The names from the root (excluded) down to `resource`, stopping at `virtualRoot`. */
export function resourceNames(resource: unknown, virtualRoot: unknown = null): string[] {
  const names: string[] = [];
  let node = resource as { __name__?: unknown; __parent__?: unknown } | null;
  while (node !== null && typeof node === 'object' && node !== virtualRoot && node.__parent__ != null) {
    names.unshift(String(node.__name__ ?? ''));
    node = node.__parent__ as typeof node;
  }
  return names;
}

/** Quoted names as a path with a trailing slash ('/' for none). */
function slashedPath(names: readonly string[]): string {
  return names.length === 0 ? '/' : `/${names.map(quoteSegment).join('/')}/`;
}

type ResourceUrlHook = (this: unknown, request: Request, info: ResourceUrlInfo) => string | null | undefined;

/** The resource's own URL from its `__resource_url__` hook, or null when it has none or it declines. */
function hookUrl(request: Request, resource: unknown, info: ResourceUrlInfo): string | null {
  if (resource === null || typeof resource !== 'object') return null;
  const hook = (resource as { __resource_url__?: unknown }).__resource_url__;
  if (typeof hook !== 'function') return null;
  return (hook as ResourceUrlHook).call(resource, request, info) ?? null;
}

/**
 * The URL (`absolute`) or path of a resource: quoted names with a trailing slash (below the virtual
 * root), or what its `__resource_url__` hook answers; then the elements, query and anchor.
 * With `route`, the names fill that route's `*traverse` remainder (or its other `*` name).
 */
export function resourceUrl(
  request: Request,
  resource: unknown,
  rest: ReadonlyArray<string | ResourceUrlOptions>,
  absolute: boolean,
): string {
  const last = rest[rest.length - 1];
  const options = isOptions(last) ? last : {};
  const elements = (isOptions(last) ? rest.slice(0, -1) : rest) as string[];
  const names = resourceNames(resource, request.virtualRoot);
  if (options.route !== undefined) {
    const route = findRoute(routesOf(request), options.route);
    const params = { ...options.params, [route.compiled.restName ?? 'traverse']: names };
    return generate(request, route, { ...options, params, elements }, absolute, true);
  }
  const appUrl = absolute ? applicationUrlFor(request, options) : '';
  const virtualPath = slashedPath(names);
  const physicalPath = slashedPath(resourceNames(resource));
  const base = hookUrl(request, resource, { virtualPath, physicalPath, appUrl }) ?? appUrl + virtualPath;
  return appendSuffix(appendElements(base, elements), options.query, options.anchor);
}
