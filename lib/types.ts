// Types shared across the framework: resources, predicates, renderers, views, tweens and policies.
import type { Registry } from './config/registry.js';
import type { Request } from './http/request.js';
import type { Response } from './http/response.js';

/** A value or a promise of it: traversal, predicates and factories may all be async. */
export type MaybePromise<T> = T | Promise<T>;

/** Any class (constructor), used for contexts, events and exception matching. */
export type Class<T = unknown> = abstract new (...args: any[]) => T;

/**
 * The settings of an application. Augment it to type your own settings:
 * @example
 * declare module 'ziggurat' { interface Settings { 'app.greeting'?: string } }
 */
export interface Settings {
  [key: string]: unknown;
}

/** A node of a resource tree (see the traversal section of the README). */
export interface Resource {
  __name__: string;
  __parent__: Resource | null;
  __getitem__?(name: string): MaybePromise<Resource | undefined>;
  __acl__?: unknown;
}

/** What a predicate factory receives besides the predicate's value. */
export interface PredicateInfo {
  readonly registry: Registry;
  /** The option name the predicate was registered under. */
  readonly name: string;
}

/** A view predicate: `call(context, request)` decides whether a view is a candidate. */
export interface ViewPredicate {
  text(): string;
  phash(): string;
  call(context: unknown, request: Request): MaybePromise<boolean>;
}

/** What a route predicate is called with: the matchdict (mutable) and the route. */
export interface RouteMatchInfo {
  readonly match: Record<string, string | string[]>;
  readonly route: RouteInfo;
}

/** A route predicate: `call({ match, route }, request)` decides whether a route matches. */
export interface RoutePredicate {
  text(): string;
  phash(): string;
  call(info: RouteMatchInfo, request: Request): MaybePromise<boolean>;
}

export type ViewPredicateFactory = (value: any, info: PredicateInfo) => ViewPredicate;
export type RoutePredicateFactory = (value: any, info: PredicateInfo) => RoutePredicate;

/** Values given to every renderer besides the view's own result. */
export interface RenderSystem {
  /** The request; null when `render()` was called without one (given the registry). */
  readonly request: Request | null;
  readonly context: unknown;
  readonly view: unknown;
  readonly renderer: string;
}

/** A renderer: turns a view's result into a body. `contentType` is used when the response has none. */
export interface RenderFunction {
  (value: unknown, system: RenderSystem): MaybePromise<string | Buffer>;
  contentType?: string;
  /** The file it renders (a template's path), shown by debugging tools such as the debug toolbar. */
  source?: string;
}

/** Makes a renderer for one renderer name; runs once per name, never per request. */
export type RendererFactory = (info: { name: string; registry: Registry }) => RenderFunction;

/** The handler a tween wraps: from request to response. */
export type Handler = (request: Request) => Promise<Response>;

/** Makes a tween: called once at start-up with the next handler. */
export type TweenFactory = (handler: Handler, registry: Registry) => Handler;

/** Builds the root of the resource tree for a request. */
export type RootFactory = (request: Request) => MaybePromise<unknown>;

/**
 * A route's pregenerator (Pyramid's): called by every URL generation for the route, it answers the
 * elements and params to use instead of those given.
 * @example (request, elements, params) => [elements, { lang: request.matchdict.lang, ...params }]
 */
export type RoutePregenerator = (
  request: Request,
  elements: readonly string[],
  params: Readonly<Record<string, unknown>>,
) => readonly [readonly string[], Readonly<Record<string, unknown>>];

/** The answer of `SecurityPolicy.permits`: a boolean, or a result that explains itself. */
export type PermitsResult = boolean | { readonly allowed: boolean; toString(): string };

/** The security policy of DESIGN.md (Pyramid 2.0's ISecurityPolicy). */
export interface SecurityPolicy {
  identity(request: Request): MaybePromise<unknown>;
  authenticatedUserid(request: Request): MaybePromise<string | null | undefined>;
  permits(request: Request, context: unknown, permission: string): MaybePromise<PermitsResult>;
  remember(request: Request, userid: string, options?: Record<string, unknown>): [string, string][];
  forget(request: Request, options?: Record<string, unknown>): [string, string][];
}

/**
 * A session: what `request.session` gives; `ziggurat/addons/session` provides the real one.
 * Values must survive JSON (strings, numbers, booleans, null, arrays and plain objects).
 */
export interface Session {
  /** True when the request brought no (valid) session. */
  readonly isNew: boolean;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  has(key: string): boolean;
  /**
   * Empty the session and drop its identity (Django's flush()): the old id is deleted from the store, and
   * a later set starts a session under a new id. Log-out calls it.
   */
  invalidate(): void;
  /**
   * Keep the data under a new session id (Django's cycle_key()) and renew the CSRF token (its
   * rotate_token()): the old id is deleted from the store, so an id learnt before (planted by an
   * attacker, or copied) is worthless afterwards. Call it whenever the user's privileges change;
   * SessionAuthenticationHelper.remember does at log-in. A cookie session has no id: the cookie is
   * written again with a new value, and a copy of the old one keeps the old (anonymous) contents.
   * @example request.session.rotate(); request.session.set('auth.userid', user.id);
   */
  rotate(): void;
  /**
   * Tie the session to `userid` (null: to nobody), so that revokeUser(userid) can end it later.
   * Optional: a session without revocation leaves it out. SessionAuthenticationHelper.remember calls it.
   */
  bindUser?(userid: string | null): void;
  /**
   * End every session bound to `userid` before now, on every device, copies of cookies included ("log out
   * everywhere"): when the response is written, the user's session generation moves on, and a session
   * stamped with an older one loads empty. Optional, and a no-op unless revocation is on (the session
   * add-on's `session.revocation`). SessionAuthenticationHelper.forget calls it.
   * @example request.session.revokeUser(userid); // after a password change
   */
  revokeUser?(userid: string): void;
  /** Mark the session changed (after mutating a stored object in place). */
  changed(): void;
  /** Queue a message for the next request (`queue` defaults to ''). */
  flash(message: unknown, queue?: string, allowDuplicate?: boolean): void;
  /** The queued messages, left in place. */
  peekFlash(queue?: string): unknown[];
  /** The queued messages, removed. */
  popFlash(queue?: string): unknown[];
}

/** Makes the session for a request (once per request, on first use). */
export type SessionFactory = (request: Request) => MaybePromise<Session> | Session;

/** A route as committed: its name, pattern, options and predicates. */
export interface RouteInfo {
  readonly name: string;
  readonly pattern: string;
  readonly factory: RootFactory | null;
  readonly useGlobalViews: boolean;
  readonly predicates: readonly RoutePredicate[];
  /** `file:line` of the addRoute call. */
  readonly location: string;
}
