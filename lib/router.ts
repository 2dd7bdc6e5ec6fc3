// The per-request flow: NewRequest, the tween chain around MAIN (route match, root, traversal,
// ContextFound, view), response callbacks, NewResponse, sending, finished callbacks.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from './config/registry.js';
import type { RouteEntry, ViewEntry } from './config/state.js';
import { ZigguratError } from './errors.js';
import { ContextFound, NewRequest, NewResponse } from './events.js';
import {
  exceptionResponse,
  HTTPBadRequest,
  HTTPException,
  HTTPInternalServerError,
  HTTPMethodNotAllowed,
} from './httpexceptions/index.js';
import { type Request, requestInternals } from './request.js';
import type { Response } from './response.js';
import { headersInternals } from './response-headers.js';
import { asBool } from './settings.js';
import { DISPATCH, STATE } from './symbols.js';
import { DefaultRoot, type TraversalResult, traverseSegments, traverseVirtual } from './traversal.js';
import type { RootFactory } from './types.js';
import { canonicalPath, decodePathSegments, type Matchdict } from './urldispatch/index.js';
import { callCandidates, callView, ViewNotFound } from './views/call-view.js';
import { invokeExceptionView } from './views/exception-views.js';
import { checkPredicates, Verdict } from './views/predicate-check.js';
import type { ViewTable } from './views/view-table.js';

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

type RequestClass = new (request: FastifyRequest, reply: FastifyReply, registry: Registry) => Request;
type Subscriber = (event: never) => unknown;
/**
 * The handlers Ziggurat chains itself: they answer synchronously when nothing was asynchronous.
 * Tweens added by apps always see the promise-returning Handler of DESIGN.md.
 */
export type SyncableHandler = (request: Request) => Response | Promise<Response>;
/** No route of the group matched the path's pattern (as opposed to failing on predicates). */
const UNMATCHED = Symbol('ziggurat.unmatched');
/** A matched route, or the methods of routes that failed only on the method, or nothing. */
type GroupMatch = RouteEntry | ReadonlySet<string> | null | typeof UNMATCHED;

const DEFAULT_ROOT = Object.freeze(new DefaultRoot());
const DEFAULT_ROOT_FACTORY: RootFactory = () => DEFAULT_ROOT;
const NO_SEGMENTS: readonly string[] = Object.freeze([]);
/** Pyramid's virtual hosting header: the path of the resource that acts as the root for URLs. */
const VIRTUAL_ROOT_HEADER = 'x-vhm-root';

/** The route a match names (null: no route, or routes that only refused the method). */
function routeOf(match: GroupMatch): RouteEntry | null {
  return match === null || match === UNMATCHED || match instanceof Set ? null : (match as RouteEntry);
}

/** Whether a route's context comes from traversal (a `traverse` pattern or a `*traverse` remainder) rather than being the root. */
export function routeTraverses(route: RouteEntry): boolean {
  return route.traverse !== null || route.compiled.restName === 'traverse';
}

/**
 * Set root, context and the traversal results on the request; answers the match it was given
 * once that is done (synchronously unless traversal is async).
 */
function traverseFrom(request: Request, match: GroupMatch, root: unknown): GroupMatch | Promise<GroupMatch> {
  const route = routeOf(match);
  const virtualRoot =
    request.headers[VIRTUAL_ROOT_HEADER] === undefined ? undefined : request.headerValue(VIRTUAL_ROOT_HEADER);
  if (route !== null && !routeTraverses(route) && !virtualRoot) {
    request.root = request.context = request.virtualRoot = root;
    return match;
  }
  const segments = route === null ? decodedSegments(request.path) : routeSegments(route, request);
  const found = virtualRoot
    ? traverseVirtual(root, decodedSegments(virtualRoot), segments)
    : traverseSegments(root, segments);
  if (found instanceof Promise) {
    return found.then((result) => {
      applyTraversal(request, result);
      return match;
    });
  }
  applyTraversal(request, found);
  return match;
}

/** Everything a committed app needs per request, computed once at start-up. */
export class Runtime {
  readonly #registry: Registry;
  readonly #views: ViewTable;
  readonly #exceptionViews: ViewTable;
  readonly #RequestClass: RequestClass;
  readonly #rootFactory: RootFactory;
  readonly #debug: boolean;
  readonly #onNewRequest: Subscriber[];
  readonly #onContextFound: Subscriber[];
  readonly #onNewResponse: Subscriber[];
  /** Routes whose Fastify path is coarser than their pattern: regexes, mixed segments, wildcards. */
  readonly #regexRoutes: readonly RouteEntry[];
  #handler: SyncableHandler;
  /** Finds the route group a path reaches under any method (for methods Fastify has no route for). */
  findAnyMethod: (path: string) => FallbackDispatch | null = () => null;

  constructor(registry: Registry, views: ViewTable, exceptionViews: ViewTable, RequestClass: RequestClass) {
    this.#registry = registry;
    this.#views = views;
    this.#exceptionViews = exceptionViews;
    this.#RequestClass = RequestClass;
    this.#rootFactory = registry[STATE].rootFactory ?? DEFAULT_ROOT_FACTORY;
    this.#debug = asBool(registry.settings['ziggurat.debug']);
    this.#onNewRequest = registry.subscribersFor(NewRequest);
    this.#onContextFound = registry.subscribersFor(ContextFound);
    this.#onNewResponse = registry.subscribersFor(NewResponse);
    this.#regexRoutes = regexRoutes(registry[STATE].routes.values());
    this.#handler = this.main;
  }

  /** What requests reaching `group` through its own Fastify route are dispatched with. */
  dispatchFor(group: RouteGroup): GroupDispatch {
    const only = group.routes.length === 1 ? (group.routes[0] as RouteEntry) : null;
    const direct = only?.compiled.simple && only.predicates.length === 0 ? only : null;
    const views =
      direct !== null && !routeTraverses(direct)
        ? this.#views.contextFree(direct.name, direct.useGlobalViews, '')
        : null;
    return new GroupDispatch(group, direct, views);
  }

  /** Install the tween chain (built around `main`). */
  setHandler(handler: SyncableHandler): void {
    this.#handler = handler;
  }

  /**
   * Handle one request that reached `group` (null: no route group, so traversal from the root).
   * Returns nothing when every step was synchronous, so Fastify has no promise to wait for.
   */
  handle(
    fastifyRequest: FastifyRequest,
    reply: FastifyReply,
    group: GroupDispatch | FallbackDispatch | null,
  ): void | Promise<void> {
    const request = new this.#RequestClass(fastifyRequest, reply, this.#registry);
    request[DISPATCH] = group;
    if (this.#onNewRequest.length > 0) return this.#handleLater(request, reply, null);
    let handled: Response | Promise<Response>;
    try {
      handled = this.#handler(request);
    } catch (error) {
      handled = this.#failure(request, error);
    }
    if (
      handled instanceof Promise ||
      requestInternals.responseCallbacks(request) !== null ||
      this.#onNewResponse.length > 0
    ) {
      return this.#handleLater(request, reply, handled);
    }
    sendResponse(request, reply, handled);
    if (requestInternals.finishedCallbacks(request) !== null) return this.#finish(request);
  }

  /** The rest of handle once something is asynchronous; `handled` is null when NewRequest comes first. */
  async #handleLater(
    request: Request,
    reply: FastifyReply,
    handled: Response | Promise<Response> | null,
  ): Promise<void> {
    let response: Response;
    try {
      if (handled === null) {
        await publish(this.#onNewRequest, new NewRequest(request));
        handled = this.#handler(request);
      }
      response = await handled;
      if (requestInternals.responseCallbacks(request) !== null || this.#onNewResponse.length > 0) {
        await this.#afterResponse(request, response);
      }
    } catch (error) {
      response = this.#failure(request, error);
    }
    sendResponse(request, reply, response);
    if (requestInternals.finishedCallbacks(request) !== null) await this.#finish(request);
  }

  /** Answer an error Fastify raised before routing (bad URL, unparsable body). */
  async handleFrameworkError(
    fastifyRequest: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
  ): Promise<void> {
    const request = new this.#RequestClass(fastifyRequest, reply, this.#registry);
    const status = (error as { statusCode?: number }).statusCode;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    const problem = clientError ? httpErrorFor(status, (error as Error).message) : error;
    let response: Response;
    try {
      response =
        (await invokeExceptionView(request, problem, this.#exceptionViews)) ??
        this.#failure(request, problem);
    } catch (viewError) {
      response = this.#failure(request, viewError);
    }
    sendResponse(request, reply, response);
  }

  /**
   * MAIN: the innermost handler. Synchronous (no promise at all) unless a predicate, root factory,
   * traversal step, subscriber or view is actually asynchronous.
   */
  readonly main: SyncableHandler = (request) => {
    const match = this.#prepare(request);
    if (match instanceof Promise) return match.then((ready) => this.#respond(request, ready));
    return this.#respond(request, match);
  };

  /** Match the route, make the root and traverse: the request's context is then known. */
  #prepare(request: Request): GroupMatch | Promise<GroupMatch> {
    const dispatch = request[DISPATCH] as GroupDispatch | FallbackDispatch | null;
    const match =
      dispatch === null
        ? null
        : dispatch instanceof GroupDispatch && dispatch.direct !== null
          ? matchDirect(dispatch.direct, request)
          : matchGroup(dispatch, request);
    if (match instanceof Promise || match === UNMATCHED) {
      return this.#prepareLater(request, dispatch as GroupDispatch | FallbackDispatch, match);
    }
    return this.#withRoot(request, match);
  }

  async #prepareLater(
    request: Request,
    dispatch: GroupDispatch | FallbackDispatch,
    pending: GroupMatch | Promise<GroupMatch>,
  ): Promise<GroupMatch> {
    let match = await pending;
    if (match === UNMATCHED) match = await this.#matchElsewhere(request, dispatch);
    return this.#withRoot(request, match);
  }

  #withRoot(request: Request, match: GroupMatch): GroupMatch | Promise<GroupMatch> {
    const factory = routeOf(match)?.factory ?? this.#rootFactory;
    const root = factory(request);
    if (root instanceof Promise) return root.then((made) => traverseFrom(request, match, made));
    return traverseFrom(request, match, root);
  }

  #respond(request: Request, match: GroupMatch): Response | Promise<Response> {
    const route = routeOf(match);
    if (this.#onContextFound.length > 0) {
      return publish(this.#onContextFound, new ContextFound(request)).then(() =>
        this.#invoke(request, route, match),
      );
    }
    return this.#invoke(request, route, match);
  }

  #invoke(request: Request, route: RouteEntry | null, match: GroupMatch): Response | Promise<Response> {
    // A route-less request that only failed on the method answers 405 instead of 404.
    if (route === null && match instanceof Set) return this.#invokeUnrouted(request, match);
    const dispatch = request[DISPATCH];
    if (
      dispatch instanceof GroupDispatch &&
      dispatch.views !== null &&
      route === dispatch.direct &&
      request.viewName === ''
    ) {
      return callCandidates(request, dispatch.views);
    }
    return callView(request, this.#views, route?.name ?? null, route?.useGlobalViews ?? false);
  }

  #invokeUnrouted(request: Request, allowed: ReadonlySet<string>): Response | Promise<Response> {
    const translate = (error: unknown): never => {
      throw methodNotAllowedInstead(request, error, allowed);
    };
    try {
      const response = callView(request, this.#views, null, false);
      return response instanceof Promise ? response.catch(translate) : response;
    } catch (error) {
      return translate(error);
    }
  }

  /**
   * Fastify reached a group whose patterns all refused the path, but the grammar may still give it
   * to a regex or *rest route that Fastify ranked lower (e.g. `/f/{name:\w+}` before `/f/*rest`).
   */
  #matchElsewhere(
    request: Request,
    dispatch: GroupDispatch | FallbackDispatch,
  ): GroupMatch | Promise<GroupMatch> {
    const tried = dispatch.group.routes;
    const candidates = this.#regexRoutes.filter((route) => !tried.includes(route));
    if (candidates.length === 0) return null;
    return matchGroup(
      new FallbackDispatch({ fastifyPath: '', routes: candidates, methods: [] }, {}),
      request,
    );
  }

  async #afterResponse(request: Request, response: Response): Promise<void> {
    const callbacks = requestInternals.responseCallbacks(request);
    if (callbacks !== null) for (const callback of callbacks) await callback(request, response);
    if (this.#onNewResponse.length > 0)
      await publish(this.#onNewResponse, new NewResponse(request, response));
  }

  #failure(request: Request, error: unknown): Response {
    if (error instanceof HTTPException) return error;
    request.fastify.request.log.error({ err: error }, 'Unhandled error while handling the request');
    const detail = this.#debug && error instanceof Error ? (error.stack ?? error.message) : undefined;
    return new HTTPInternalServerError(detail === undefined ? {} : { detail });
  }

  async #finish(request: Request): Promise<void> {
    for (const callback of requestInternals.finishedCallbacks(request) ?? []) {
      try {
        await callback(request);
      } catch (error) {
        request.fastify.request.log.error({ err: error }, 'A finished callback failed');
      }
    }
  }
}

/** No route and no view: if routes at this path only refused the method, answer 405 instead of 404. */
function methodNotAllowedInstead(request: Request, error: unknown, allowed: ReadonlySet<string>): unknown {
  if (!(error instanceof ViewNotFound) || allowed.has(request.method)) return error;
  return new HTTPMethodNotAllowed({ allow: [...allowed].sort() });
}

/** Non-simple routes, those without a wildcard first (Fastify's ranking), then in registration order. */
/**
 * Routes whose Fastify path is coarser than their pattern, in the order dispatch tries them when the
 * route Fastify picked refuses a path: regexes and mixed segments before wildcards.
 */
export function regexRoutes(routes: Iterable<RouteEntry>): RouteEntry[] {
  const coarse = [...routes].filter((route) => !route.compiled.simple);
  const isWildcard = (route: RouteEntry) => (route.compiled.fastifyPath.endsWith('*') ? 1 : 0);
  return coarse.sort((a, b) => isWildcard(a) - isWildcard(b));
}

function applyTraversal(request: Request, found: TraversalResult): void {
  request.root = found.root;
  request.context = found.context;
  request.viewName = found.viewName;
  request.subpath = found.subpath;
  request.traversed = found.traversed;
  request.virtualRoot = found.virtualRoot;
}

async function publish(subscribers: Subscriber[], event: object): Promise<void> {
  for (const subscriber of subscribers) await subscriber(event as never);
}

function httpErrorFor(status: number, message: string): HTTPException {
  try {
    return exceptionResponse(status, { detail: message });
  } catch {
    return new HTTPBadRequest({ detail: message });
  }
}

/** The path a route traverses: its `traverse` pattern filled from the matchdict, or its `*traverse`. */
function routeSegments(route: RouteEntry, request: Request): readonly string[] {
  if (route.traverse !== null) return decodedSegments(route.traverse.generate(request.matchdict));
  const remainder = request.matchdict.traverse;
  return Array.isArray(remainder) ? remainder : NO_SEGMENTS;
}

/** Decoded path segments; a malformed escape is the client's mistake, so a 400. */
function decodedSegments(rawPath: string): string[] {
  try {
    return decodePathSegments(rawPath);
  } catch (error) {
    if (error instanceof ZigguratError && error.statusCode === 400)
      throw new HTTPBadRequest({ detail: error.message });
    throw error;
  }
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
function matchGroup(
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
function matchDirect(route: RouteEntry, request: Request): GroupMatch {
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

function setReplyHeader(this: FastifyReply, key: string, value: string | string[]): void {
  this.header(key, value);
}

/** Write a Response to Fastify's reply. */
export function sendResponse(request: Request, reply: FastifyReply, response: Response): void {
  if (response instanceof HTTPException) response.prepareBody(request.headerValue('accept'));
  if (reply.statusCode !== response.status) reply.code(response.status);
  const typed = headersInternals.writeEach(response.headers, setReplyHeader, reply);
  const body = response.body;
  if (typeof body === 'string' && !typed) reply.type('text/html; charset=utf-8');
  if (request.method !== 'HEAD') {
    reply.send(body ?? '');
    return;
  }
  // HEAD: the headers GET would send, the length included, and no body.
  if (typeof body === 'string' || Buffer.isBuffer(body))
    reply.header('content-length', Buffer.byteLength(body));
  reply.send();
}
