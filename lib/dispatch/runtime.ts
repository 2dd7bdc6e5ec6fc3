// The per-request pipeline (Runtime): NewRequest, the tween chain around MAIN (route match, root,
// traversal, ContextFound, view), response callbacks, NewResponse, sending, finished callbacks.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from '../config/registry.js';
import type { RouteEntry, ViewEntry } from '../config/state.js';
import { ContextFound, NewRequest, NewResponse } from '../http/events.js';
import {
  exceptionResponse,
  HTTPBadRequest,
  HTTPException,
  HTTPInternalServerError,
  HTTPMethodNotAllowed,
} from '../http/exceptions/index.js';
import { type Request, requestInternals } from '../http/request.js';
import type { Response } from '../http/response.js';
import { asBool } from '../settings/values.js';
import { DISPATCH, STATE, VIEW } from '../symbols.js';
import type { RootFactory } from '../types.js';
import { callCandidates, callView, loneView, runView, ViewNotFound } from '../views/call-view.js';
import { invokeExceptionView } from '../views/exception-views.js';
import { viewLabel } from '../views/view-label.js';
import type { ViewTable } from '../views/view-table.js';
import { developmentErrorPage, type FailedRequest } from './debug-error-page.js';
import { traverseFrom } from './find-context.js';
import type { HostCheck } from './host-check.js';
import type { PeerTrust } from './proxy-trust.js';
import { linkRequest } from './request-link.js';
import {
  FallbackDispatch,
  fallThroughResult,
  GroupDispatch,
  type GroupMatch,
  matchDirect,
  matchGroup,
  type RouteGroup,
  refused,
  routeOf,
  routesByPrecedence,
  routeTraverses,
} from './route-groups.js';
import { isSendRefusal, resetReply, sendError, sendResponse } from './send-response.js';
import { DefaultRoot } from './traversal.js';

type RequestClass = new (request: FastifyRequest, reply: FastifyReply, registry: Registry) => Request;
type Subscriber = (event: never) => unknown;
/**
 * The handlers Ziggurat chains itself: they answer synchronously when nothing was asynchronous.
 * Tweens added by apps always see the promise-returning Handler of DESIGN.md.
 */
export type SyncableHandler = (request: Request) => Response | Promise<Response>;

const DEFAULT_ROOT = Object.freeze(new DefaultRoot());
const DEFAULT_ROOT_FACTORY: RootFactory = () => DEFAULT_ROOT;

/** Everything a committed app needs per request, computed once at start-up. */
export class Runtime {
  readonly #registry: Registry;
  readonly #views: ViewTable;
  readonly #exceptionViews: ViewTable;
  readonly #RequestClass: RequestClass;
  readonly #rootFactory: RootFactory;
  readonly #debug: boolean;
  /** The app's folder (its settings file's, else the working directory): its frames show their source. */
  readonly #appRoot: string;
  /** Whether each Fastify request keeps its Request (REQUEST_OF), for the request log. */
  #linked = false;
  readonly #onNewRequest: Subscriber[];
  readonly #onContextFound: Subscriber[];
  readonly #onNewResponse: Subscriber[];
  /** Every route in Fastify's precedence order: the fall-through when the route picked refuses. */
  readonly #byPrecedence: readonly RouteEntry[];
  /** For each route group: the other routes, in precedence order (made on first fall-through). */
  readonly #othersOf = new WeakMap<RouteGroup, FallbackDispatch>();
  #handler: SyncableHandler;
  /** The excview tween when it is the app's whole tween chain (untimed): direct routes may then skip MAIN's steps. */
  #onlyExcview: ((handler: SyncableHandler) => SyncableHandler) | null = null;
  /** The Host checks: in handle() when no hook makes them, and for errors Fastify raises before a handler. */
  #hosts: HostCheck | null = null;
  /** Whether handle() checks the Host itself (no onRequest hook does it for the app's routes). */
  #hostsInHandler = false;
  /** Whether a request comes from a trusted proxy (X-Vhm-Root is honoured only then). */
  #trustsPeer = (_request: Request): boolean => false;
  /** Finds the route group a path reaches under any method (for methods Fastify has no route for). */
  findAnyMethod: (path: string) => FallbackDispatch | null = () => null;

  constructor(registry: Registry, views: ViewTable, exceptionViews: ViewTable, RequestClass: RequestClass) {
    this.#registry = registry;
    this.#views = views;
    this.#exceptionViews = exceptionViews;
    this.#RequestClass = RequestClass;
    this.#rootFactory = registry[STATE].rootFactory ?? DEFAULT_ROOT_FACTORY;
    this.#debug = asBool(registry.settings['ziggurat.debug']);
    const here = registry.settings.here;
    this.#appRoot = typeof here === 'string' && here !== '' ? here : process.cwd();
    this.#onNewRequest = registry.subscribersFor(NewRequest);
    this.#onContextFound = registry.subscribersFor(ContextFound);
    this.#onNewResponse = registry.subscribersFor(NewResponse);
    this.#byPrecedence = routesByPrecedence(registry[STATE].routes.values());
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
    // Fastify (and the subrequest router) send a group only requests with one of its methods.
    const dispatch = new GroupDispatch(
      group,
      direct,
      views,
      views === null ? null : loneView(views, group.methods),
    );
    dispatch.handler = this.#loneHandler(dispatch);
    return dispatch;
  }

  /**
   * For a direct route whose only view answers every request it gets, in an app whose tween chain
   * is the excview tween alone, no ContextFound subscriber and the default root: MAIN's steps
   * reduced to what they do there (the match, the root as context, the view), inside the same
   * excview tween. Null when any of that does not hold.
   */
  #loneHandler(dispatch: GroupDispatch): SyncableHandler | null {
    const { direct: route, lone: view } = dispatch;
    const excview = this.#onlyExcview;
    if (route === null || view === null || excview === null || this.#onContextFound.length > 0) return null;
    if (route.factory != null || this.#rootFactory !== DEFAULT_ROOT_FACTORY) return null;
    return excview((request) => {
      const match = matchDirect(route, request);
      // The pattern refused what Fastify's router accepted: the general way tries the other routes.
      if (refused(match)) return this.main(request);
      // The route does not traverse (its views are context-free): this sets the root as context, at once.
      traverseFrom(request, match, DEFAULT_ROOT, this.#trustsPeer);
      return runView(request, view);
    });
  }

  /** Install the checks made at the edge: Host, and which peers are trusted proxies. */
  setEdge(hosts: HostCheck, trust: PeerTrust): void {
    this.#hosts = hosts;
    this.#trustsPeer = (request) => trust(request.fastify.request);
  }

  /** Check the Host in handle() (true), or leave it to an onRequest hook (false); see placeHostCheck. */
  checkHostsInHandler(on: boolean): void {
    this.#hostsInHandler = on && this.#hosts !== null;
  }

  /** Keep on each Fastify request its Request (under REQUEST_OF), for the request log to read once answered. */
  linkRequests(): void {
    this.#linked = true;
  }

  /**
   * Install the tween chain (built around `main`); `onlyExcview` is the excview tween when the chain
   * is that tween alone, untimed (route groups dispatched after this may then take a shorter way).
   */
  setHandler(
    handler: SyncableHandler,
    onlyExcview: ((handler: SyncableHandler) => SyncableHandler) | null = null,
  ): void {
    this.#handler = handler;
    this.#onlyExcview = onlyExcview;
  }

  /**
   * Handle one request that reached `group` (null: no route group, so traversal from the root).
   * Returns nothing when every step was synchronous, so Fastify has no promise to wait for.
   * Otherwise the promise settles once the reply has gone out (the reply is a thenable): Fastify
   * sends again a reply whose handler settled while onSend hooks were still running.
   */
  handle(
    fastifyRequest: FastifyRequest,
    reply: FastifyReply,
    group: GroupDispatch | FallbackDispatch | null,
  ): undefined | Promise<unknown> {
    if (this.#hostsInHandler && (this.#hosts as HostCheck).screen(fastifyRequest, reply)) return undefined;
    const pending = this.#handleNow(fastifyRequest, reply, group);
    return pending === undefined ? undefined : pending.then(() => reply);
  }

  #handleNow(
    fastifyRequest: FastifyRequest,
    reply: FastifyReply,
    group: GroupDispatch | FallbackDispatch | null,
  ): Promise<void> | undefined {
    const request = new this.#RequestClass(fastifyRequest, reply, this.#registry);
    request[DISPATCH] = group;
    if (this.#linked) linkRequest(fastifyRequest, request);
    if (this.#onNewRequest.length > 0) return this.#handleLater(request, reply, null);
    let handled: Response | Promise<Response>;
    try {
      handled = (group instanceof GroupDispatch && group.handler !== null ? group.handler : this.#handler)(
        request,
      );
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
    const sent = this.#send(request, reply, handled);
    if (sent !== undefined) return sent.then(() => this.#finish(request));
    if (requestInternals.finishedCallbacks(request) !== null) return this.#finish(request);
    return undefined;
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
    await this.#send(request, reply, response);
    if (requestInternals.finishedCallbacks(request) !== null) await this.#finish(request);
  }

  /**
   * Run a subrequest (request.invokeSubrequest) as Pyramid's invoke_request does: NewRequest, the
   * tween chain or MAIN alone, response callbacks and NewResponse once there is a response, finished
   * callbacks whatever happened. Nothing is sent, and errors reach the caller.
   */
  async runSubrequest(
    fastifyRequest: FastifyRequest,
    reply: FastifyReply,
    group: GroupDispatch | FallbackDispatch | null,
    useTweens: boolean,
  ): Promise<Response> {
    const request = new this.#RequestClass(fastifyRequest, reply, this.#registry);
    request[DISPATCH] = group;
    try {
      await publish(this.#onNewRequest, new NewRequest(request));
      const response = await (useTweens ? this.#handler : this.main)(request);
      await this.#afterResponse(request, response);
      return response;
    } finally {
      if (requestInternals.finishedCallbacks(request) !== null) await this.#finish(request);
    }
  }

  /** Send the response; when Node or Fastify refuses it, answer the error instead, from scratch. */
  #send(request: Request, reply: FastifyReply, response: Response): Promise<void> | undefined {
    try {
      sendResponse(request, reply, response);
      return undefined;
    } catch (error) {
      return this.#sendInstead(request, reply, sendError(error));
    }
  }

  /** Answer `error` (through the exception views) on a reply whose first response was refused. */
  async #sendInstead(request: Request, reply: FastifyReply, error: unknown): Promise<void> {
    resetReply(reply);
    let response: Response;
    try {
      response =
        (await invokeExceptionView(request, error, this.#exceptionViews)) ?? this.#failure(request, error);
    } catch (viewError) {
      response = this.#failure(request, viewError);
    }
    try {
      sendResponse(request, reply, response);
    } catch (again) {
      resetReply(reply);
      sendResponse(request, reply, this.#failure(request, again));
    }
  }

  /**
   * Answer an error Fastify raised (a bad URL before routing, an unparsable body, a hook that
   * failed, a response Node refused to send). A bad Host is refused first, and the request id sent
   * back: no hook and no handler may have checked it for errors raised before them.
   */
  async handleFrameworkError(
    fastifyRequest: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
  ): Promise<void> {
    if (this.#hosts?.screen(fastifyRequest, reply) === true) return;
    if (isSendRefusal(error))
      return this.#sendInstead(this.#wrap(fastifyRequest, reply), reply, sendError(error));
    const request = this.#wrap(fastifyRequest, reply);
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
    await this.#send(request, reply, response);
  }

  #wrap(fastifyRequest: FastifyRequest, reply: FastifyReply): Request {
    const request = new this.#RequestClass(fastifyRequest, reply, this.#registry);
    if (this.#linked) linkRequest(fastifyRequest, request);
    return request;
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
    if (dispatch === null) return this.#withRoot(request, null);
    const match =
      dispatch instanceof GroupDispatch && dispatch.direct !== null
        ? matchDirect(dispatch.direct, request)
        : matchGroup(dispatch, request);
    if (match instanceof Promise) return this.#prepareLater(request, dispatch, match);
    if (!refused(match)) return this.#withRoot(request, match);
    const found = this.#matchElsewhere(request, dispatch, match);
    if (found instanceof Promise) return found.then((route) => this.#withRoot(request, route));
    return this.#withRoot(request, found);
  }

  async #prepareLater(
    request: Request,
    dispatch: GroupDispatch | FallbackDispatch,
    pending: Promise<GroupMatch>,
  ): Promise<GroupMatch> {
    let match = await pending;
    if (refused(match)) match = await this.#matchElsewhere(request, dispatch, match);
    return this.#withRoot(request, match);
  }

  #withRoot(request: Request, match: GroupMatch): GroupMatch | Promise<GroupMatch> {
    const factory = routeOf(match)?.factory ?? this.#rootFactory;
    const root = factory(request);
    const trusts = this.#trustsPeer;
    if (root instanceof Promise) return root.then((made) => traverseFrom(request, match, made, trusts));
    return traverseFrom(request, match, root, trusts);
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
      return dispatch.lone !== null
        ? runView(request, dispatch.lone)
        : callCandidates(request, dispatch.views);
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
   * The route group Fastify picked refused the request: no pattern matched (a regex Fastify cannot
   * see, e.g. `/f/{name:\w+}` before `/f/*rest`), or the routes whose pattern matched failed their
   * predicates. The other routes whose patterns match the path are tried in Fastify's precedence
   * order, as Pyramid tries the next route; then the request goes to traversal (or a 405).
   */
  #matchElsewhere(
    request: Request,
    dispatch: GroupDispatch | FallbackDispatch,
    match: GroupMatch,
  ): GroupMatch | Promise<GroupMatch> {
    const others = this.#othersFor(dispatch.group);
    if (others.group.routes.length === 0) return fallThroughResult(match, null);
    const found = matchGroup(others, request);
    if (found instanceof Promise) return found.then((then) => fallThroughResult(match, then));
    return fallThroughResult(match, found);
  }

  #othersFor(group: RouteGroup): FallbackDispatch {
    let others = this.#othersOf.get(group);
    if (others === undefined) {
      const routes = this.#byPrecedence.filter((route) => !group.routes.includes(route));
      others = new FallbackDispatch({ fastifyPath: '', routes, methods: [] }, null);
      this.#othersOf.set(group, others);
    }
    return others;
  }

  async #afterResponse(request: Request, response: Response): Promise<void> {
    const callbacks = requestInternals.responseCallbacks(request);
    if (callbacks !== null) for (const callback of callbacks) await callback(request, response);
    if (this.#onNewResponse.length > 0)
      await publish(this.#onNewResponse, new NewResponse(request, response));
  }

  /**
   * The answer to an error nothing handled: logged with its stack, then a bare 500, or under
   * ziggurat.debug the development error page.
   */
  #failure(request: Request, error: unknown): Response {
    if (error instanceof HTTPException) return error;
    request.fastify.request.log.error({ err: error }, 'Unhandled error while handling the request');
    if (!this.#debug) return new HTTPInternalServerError();
    return developmentErrorPage(error, failedRequest(request), this.#appRoot);
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

/** What the development error page says about the request that failed. */
function failedRequest(request: Request): FailedRequest {
  const view = request[VIEW] as ViewEntry | null;
  return {
    method: request.method,
    path: request.path,
    requestId: String(request.fastify.request.id),
    route: request.matchedRoute?.name ?? null,
    view: view === null ? null : viewLabel(view),
  };
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
