// The Request: Ziggurat's wrapper over Fastify's request and reply, as views and tweens see it.
import { parse as parseCookies } from 'cookie';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { staticUrl } from '../assets/static-views.js';
import type { Registry } from '../config/registry.js';
import { type PermitsMessage, permitsChannel } from '../diagnostics/channels.js';
import { ZigguratError } from '../errors.js';
import { DISPATCH, STATE, VIEW } from '../symbols.js';
import type { PermitsResult, RouteInfo, Session } from '../types.js';
import type { Matchdict } from '../urldispatch/index.js';
import { originOf, splitHostPort } from './app-url.js';
import { Response } from './response.js';
import {
  type CurrentRouteUrlOptions,
  currentRouteUrl,
  type ResourceUrlOptions,
  type RouteUrlOptions,
  resourceUrl,
  routeUrl,
} from './url.js';

type ResponseCallback = (request: Request, response: Response) => unknown;
type FinishedCallback = (request: Request) => unknown;

const EMPTY_MATCHDICT: Matchdict = Object.freeze({}) as Matchdict;
const NO_SEGMENTS: readonly string[] = Object.freeze([]);

/**
 * What the view's schema validated (see `ValidatedRequest` for the typed view): each part with a
 * schema after Ajv's coercion, defaults and removals; a part without one is undefined.
 */
export interface ValidatedValues {
  readonly body: unknown;
  readonly query: unknown;
  readonly params: unknown;
  readonly headers: unknown;
}

/** request.validated until a view with a schema validates the request. */
export const NOT_VALIDATED: ValidatedValues = Object.freeze({
  body: undefined,
  query: undefined,
  params: undefined,
  headers: undefined,
});

/** Whether a security policy's answer (a boolean, or a result that explains itself) allows. */
export function isAllowed(result: PermitsResult): boolean {
  return typeof result === 'boolean' ? result : result.allowed;
}

/**
 * What `request.invokeSubrequest` runs: a path (percent-encoded, with its query string if any), or a
 * method (default GET), path, headers and body. A string or Buffer body is parsed by its
 * content-type (JSON, forms) as Fastify would; any other value is the parsed body as it is.
 */
export type SubrequestTarget =
  | string
  | {
      readonly method?: string;
      readonly path: string;
      readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
      readonly body?: unknown;
    };

/** Options of `request.invokeSubrequest`. */
export interface SubrequestOptions {
  /** Run the app's tween chain too, exception views included (Pyramid's use_tweens; default false). */
  readonly useTweens?: boolean;
}

type SubrequestRunner = (
  parent: Request,
  target: SubrequestTarget,
  options: SubrequestOptions,
) => Promise<Response>;

let subrequestRunner: SubrequestRunner = () =>
  Promise.reject(
    new ZigguratError(
      'ZIG_ERR_SUBREQUEST',
      'request.invokeSubrequest works on requests of an app made by makeApp',
    ),
  );

/** Install what runs subrequests: the dispatch layer does (this layer cannot import it). */
export function setSubrequestRunner(runner: SubrequestRunner): void {
  subrequestRunner = runner;
}

/** Internal access to a request's private state, for the router (not exported from the index). */
export let requestInternals: {
  peekResponse(request: Request): Response | null;
  setResponse(request: Request, response: Response | null): void;
  responseCallbacks(request: Request): ResponseCallback[] | null;
  finishedCallbacks(request: Request): FinishedCallback[] | null;
  params(request: Request): Record<string, string | undefined>;
  setValidated(request: Request, values: ValidatedValues): void;
  /** The authenticated user id if something asked the policy for it already (never asks): undefined if not. */
  peekUserid(request: Request): unknown;
};

/**
 * The request a view receives. Routing fills `matchdict` and `matchedRoute`, traversal fills
 * `context`, `root`, `viewName`, `subpath` and `traversed`.
 * @example
 * config.addView((request: Request) => ({ id: request.matchdict.id }), { routeName: 'item', renderer: 'json' });
 */
export class Request {
  readonly registry: Registry;
  matchdict: Matchdict = EMPTY_MATCHDICT;
  matchedRoute: RouteInfo | null = null;
  context: unknown = null;
  root: unknown = null;
  viewName = '';
  subpath: readonly string[] = NO_SEGMENTS;
  traversed: readonly string[] = NO_SEGMENTS;
  virtualRoot: unknown = null;
  /** The error an exception view is handling. */
  exception: unknown = null;
  /** @internal Which route group the request reached. */
  [DISPATCH]: unknown = null;
  /** @internal The first view that ran for it (the request log and the development error page name it). */
  [VIEW]: unknown = null;
  readonly #raw: FastifyRequest;
  readonly #reply: FastifyReply;
  #response: Response | null = null;
  #responseCallbacks: ResponseCallback[] | null = null;
  #finishedCallbacks: FinishedCallback[] | null = null;
  #cookies: Record<string, string | undefined> | null = null;
  #path: string | null = null;
  #session: unknown;
  #identity: unknown;
  #userid: unknown;
  #validated: ValidatedValues = NOT_VALIDATED;
  #signal: AbortSignal | null = null;

  static {
    requestInternals = {
      peekResponse: (request) => request.#response,
      setResponse: (request, response) => {
        request.#response = response;
      },
      responseCallbacks: (request) => request.#responseCallbacks,
      finishedCallbacks: (request) => request.#finishedCallbacks,
      params: (request) => request.#raw.params as Record<string, string | undefined>,
      setValidated: (request, values) => {
        request.#validated = values;
      },
      peekUserid: (request) => request.#userid,
    };
  }

  constructor(fastifyRequest: FastifyRequest, reply: FastifyReply, registry: Registry) {
    this.#raw = fastifyRequest;
    this.#reply = reply;
    this.registry = registry;
  }

  /** The escape hatch: Fastify's own request and reply. */
  get fastify(): { readonly request: FastifyRequest; readonly reply: FastifyReply } {
    return { request: this.#raw, reply: this.#reply };
  }

  /**
   * The request's logger: Fastify's child logger, whose lines carry the request id (`reqId`). For an
   * add-on's own lines, `request.log.child({ name: 'ziggurat.addons.sql' })` takes the level the
   * `[logging]` section gives that name.
   */
  get log(): FastifyBaseLogger {
    return this.#raw.log;
  }

  /** The HTTP method, upper-case. */
  get method(): string {
    return this.#raw.method;
  }

  /** The path as received (percent-encoded), without the query string. */
  get path(): string {
    if (this.#path === null) {
      const url = this.#raw.url;
      const query = url.indexOf('?');
      this.#path = query === -1 ? url : url.slice(0, query);
    }
    return this.#path;
  }

  /** The full URL: scheme, host, path and query. */
  get url(): string {
    return `${this.applicationUrl}${this.#raw.url}`;
  }

  /** `http` or `https` (Fastify's view, which honours trustProxy). */
  get scheme(): string {
    return this.#raw.protocol;
  }

  /**
   * The host with its port, as the client asked for it (X-Forwarded-Host from a trusted proxy).
   * Checked before the request got here: well-formed, and one of ziggurat.allowed_hosts.
   */
  get host(): string {
    return this.#raw.host;
  }

  /** `scheme://host[:port]` (no port when it is the scheme's default), the prefix of every absolute URL the request generates. */
  get applicationUrl(): string {
    const [hostname, port] = splitHostPort(this.host);
    return originOf(this.scheme, hostname, port);
  }

  get headers(): Record<string, string | string[] | undefined> {
    return this.#raw.headers;
  }

  /**
   * The `Last-Event-ID` header a reconnecting EventSource sends: the id of the last event it received
   * (null on a first connection), so an event stream can resume after it.
   */
  get lastEventId(): string | null {
    return this.headerValue('last-event-id') ?? null;
  }

  /**
   * Aborted when the response is over: sent, or the client went away. Give it to what a long-lived
   * response waits on (`broadcaster.stream(channel, { signal: request.signal })`) so it stops then.
   */
  get signal(): AbortSignal {
    if (this.#signal === null) {
      const controller = new AbortController();
      const raw = this.#reply.raw;
      if (raw.closed || raw.destroyed) controller.abort();
      else raw.once('close', () => controller.abort());
      this.#signal = controller.signal;
    }
    return this.#signal;
  }

  /** The parsed query string; repeated keys give arrays. */
  get query(): Record<string, string | string[] | undefined> {
    return this.#raw.query as Record<string, string | string[] | undefined>;
  }

  /**
   * The body, query, params and headers the view's `schema` validated (coerced, with defaults);
   * typed from the schema for a view registered with one (see `ValidatedRequest`).
   */
  get validated(): ValidatedValues {
    return this.#validated;
  }

  /** The parsed body: JSON, a form (urlencoded) as an object, or undefined. */
  get body(): unknown {
    return this.#raw.body;
  }

  /** The request's cookies, parsed on first use. */
  get cookies(): Record<string, string | undefined> {
    this.#cookies ??= parseCookies(this.headerValue('cookie') ?? '');
    return this.#cookies;
  }

  /** One header's value (several values joined with ', '); the name in any case. */
  headerValue(name: string): string | undefined {
    const headers = this.#raw.headers;
    // Node keys headers in lower case, the case names are most often given in: no copy to make
    // then. Only strings and arrays are header values (not what Object.prototype has, `toString`).
    let value: unknown = headers[name];
    if (typeof value !== 'string' && !Array.isArray(value)) value = headers[name.toLowerCase()];
    if (typeof value === 'string') return value;
    return Array.isArray(value) ? value.join(', ') : undefined;
  }

  /** The response a renderer will fill: set status, headers and cookies on it. Made on first use. */
  get response(): Response {
    this.#response ??= new Response();
    return this.#response;
  }

  /**
   * The absolute URL of a named route; `appUrl`, `scheme`, `host` and `port` replace parts of its prefix.
   * @example request.routeUrl('user', { params: { id: 7 }, scheme: 'https' }) // 'https://example.com/users/7'
   */
  routeUrl(name: string, options: RouteUrlOptions = {}): string {
    return routeUrl(this, name, options, true);
  }

  /** The path (and query, anchor) of a named route. */
  routePath(name: string, options: RouteUrlOptions = {}): string {
    return routeUrl(this, name, options, false);
  }

  /**
   * The URL of the route this request matched, with its matchdict overridden by `params` and its
   * query kept unless `query` is given; `route` names another route to fill from the matchdict.
   * @example request.currentRouteUrl({ params: { page: 2 } }) // 'http://example.com/list/2?sort=name'
   */
  currentRouteUrl(options: CurrentRouteUrlOptions = {}): string {
    return currentRouteUrl(this, options, true);
  }

  /** The path (and query, anchor) of the route this request matched (see currentRouteUrl). */
  currentRoutePath(options: CurrentRouteUrlOptions = {}): string {
    return currentRouteUrl(this, options, false);
  }

  /**
   * The absolute URL of a resource, with a trailing slash when no elements follow; a resource's
   * `__resource_url__(request, info)` method may answer its own.
   */
  resourceUrl(resource: unknown, ...rest: Array<string | ResourceUrlOptions>): string {
    return resourceUrl(this, resource, rest, true);
  }

  /** The path of a resource (see resourceUrl). */
  resourcePath(resource: unknown, ...rest: Array<string | ResourceUrlOptions>): string {
    return resourceUrl(this, resource, rest, false);
  }

  /**
   * The URL of a static asset: the file's path (absolute, or relative to the working directory),
   * or `<static view name>/<file>`. With cache busting, the URL carries the file's content hash.
   * @example request.staticUrl('static/css/site.css') // http://localhost/static/css/site.css
   */
  staticUrl(path: string): string {
    return staticUrl(this, path);
  }

  /** The session, made by the session factory on first use. */
  get session(): Session {
    const factory = this.registry[STATE].sessionFactory;
    if (factory === null) {
      throw new ZigguratError(
        'ZIG_ERR_NO_SESSION',
        'request.session needs a session factory: include ziggurat/addons/session or call setSessionFactory',
      );
    }
    this.#session ??= factory(this);
    return this.#session as Session;
  }

  /** The identity from the security policy (null without one). May be a promise: await it. */
  get identity(): unknown {
    const policy = this.registry[STATE].securityPolicy;
    if (policy === null) return null;
    if (this.#identity === undefined) this.#identity = policy.identity(this);
    return this.#identity;
  }

  /** The authenticated user id from the security policy (null without one). May be a promise. */
  get authenticatedUserid(): unknown {
    const policy = this.registry[STATE].securityPolicy;
    if (policy === null) return null;
    if (this.#userid === undefined) this.#userid = policy.authenticatedUserid(this);
    return this.#userid;
  }

  /** Whether the security policy permits `permission` on `context` (default: this request's context). */
  async hasPermission(permission: string, context: unknown = this.context): Promise<boolean> {
    return isAllowed(await this.permits(permission, context));
  }

  /** The security policy's full answer (an ACLPermitsResult explains itself); true without a policy. */
  async permits(permission: string, context: unknown = this.context): Promise<PermitsResult> {
    const policy = this.registry[STATE].securityPolicy;
    if (policy === null) return true;
    if (!permitsChannel.hasSubscribers) return policy.permits(this, context, permission);
    const result = await policy.permits(this, context, permission);
    permitsChannel.publish({ request: this, permission, context, result } satisfies PermitsMessage);
    return result;
  }

  /** Run `callback(request, response)` once a view's response exists (not when an error escapes). */
  addResponseCallback(callback: ResponseCallback): void {
    (this.#responseCallbacks ??= []).push(callback);
  }

  /** Run `callback(request)` at the very end of the request, whatever happened. */
  addFinishedCallback(callback: FinishedCallback): void {
    (this.#finishedCallbacks ??= []).push(callback);
  }

  /**
   * Run another request through the app, in-process, and get its Response (Pyramid's
   * invoke_subrequest): routes, traversal, predicates, permissions, the view and its renderer,
   * NewRequest, ContextFound, response and finished callbacks, NewResponse. Without `useTweens` no
   * tween runs, so an error (an HTTPNotFound too) reaches the caller rather than an exception view.
   * The subrequest is a new Request: it shares the registry, the scheme and host (unless its
   * headers name a Host), and the parent's Fastify logger and connection, nothing else: not its
   * headers, cookies, session, identity or response.
   * @example const fragment = await request.invokeSubrequest('/widgets/latest', { useTweens: true });
   */
  invokeSubrequest(target: SubrequestTarget, options: SubrequestOptions = {}): Promise<Response> {
    return subrequestRunner(this, target, options);
  }
}
