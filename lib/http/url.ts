// URL generation for named routes and for resources.
import type { RouteEntry } from '../config/state.js';
import { URLGenerationError } from '../errors.js';
import { encodeQuery, quoteAnchor, quoteSegment } from '../urldispatch/index.js';

/** Options of routeUrl/routePath. */
export interface RouteUrlOptions {
  /** Values for the pattern's `{names}` and `*rest`. */
  params?: Readonly<Record<string, unknown>>;
  /** Extra path segments appended after the route's path, each quoted. */
  elements?: readonly string[];
  /** An object (array values repeat the key) or a ready query string. */
  query?: Record<string, unknown> | string;
  anchor?: string;
}

/** Options of resourceUrl/resourcePath, given as the last argument. */
export interface ResourceUrlOptions {
  query?: Record<string, unknown> | string;
  anchor?: string;
  /** Generate through this route: the resource path fills its `*traverse` remainder. */
  route?: string;
  /** Other params of that route. */
  params?: Readonly<Record<string, unknown>>;
}

function appendSuffix(path: string, query: RouteUrlOptions['query'], anchor: string | undefined): string {
  let result = path;
  if (query !== undefined) {
    const encoded = encodeQuery(query);
    if (encoded !== '') result += `?${encoded}`;
  }
  if (anchor !== undefined) result += `#${quoteAnchor(anchor)}`;
  return result;
}

function appendElements(path: string, elements: readonly string[] | undefined): string {
  if (!elements || elements.length === 0) return path;
  const joined = elements.map((element) => quoteSegment(String(element))).join('/');
  return path.endsWith('/') ? path + joined : `${path}/${joined}`;
}

function findRoute(routes: ReadonlyMap<string, RouteEntry>, name: string): RouteEntry {
  const route = routes.get(name);
  if (route) return route;
  const known = [...routes.keys()].join(', ') || 'none';
  throw new URLGenerationError('ZIG_ERR_ROUTE_UNKNOWN', `No route named '${name}' (known routes: ${known})`);
}

/** The path of a named route, with elements, query and anchor. */
export function routePath(
  routes: ReadonlyMap<string, RouteEntry>,
  name: string,
  options: RouteUrlOptions = {},
): string {
  const route = findRoute(routes, name);
  const path = appendElements(route.compiled.generate(options.params ?? {}), options.elements);
  return appendSuffix(path, options.query, options.anchor);
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

/** The path of a resource: quoted names, a trailing slash, then the elements and options. */
export function resourcePath(
  routes: ReadonlyMap<string, RouteEntry>,
  resource: unknown,
  rest: ReadonlyArray<string | ResourceUrlOptions>,
  virtualRoot: unknown,
): string {
  const last = rest[rest.length - 1];
  const options = isOptions(last) ? last : {};
  const elements = (isOptions(last) ? rest.slice(0, -1) : rest) as string[];
  const names = resourceNames(resource, virtualRoot);
  let path: string;
  if (options.route !== undefined) {
    const route = findRoute(routes, options.route);
    const remainder = route.compiled.restName ?? 'traverse';
    path = route.compiled.generate({ ...options.params, [remainder]: names });
    if (!path.endsWith('/')) path += '/';
  } else {
    path = `/${names.map(quoteSegment).join('/')}${names.length > 0 ? '/' : ''}`;
  }
  return appendSuffix(appendElements(path, elements), options.query, options.anchor);
}
