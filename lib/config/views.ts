// addView and the exception, not-found and forbidden views: recorded with a deferred discriminator.
import { declaredViewDefaults } from '../declarative/decorators.js';
import { ConfigurationError, ZigguratError } from '../errors.js';
import { HTTPException, HTTPForbidden, HTTPNotFound } from '../http/exceptions/index.js';
import type { Request } from '../http/request.js';
import { type Negatable, RequestMethodPredicate } from '../predicates/index.js';
import type { Class, ViewPredicate } from '../types.js';
import { type AppendSlash, appendSlashView, redirectClassFor } from '../views/append-slash.js';
import { checkViewSchema } from '../views/schema/check.js';
import type { ViewSchema } from '../views/schema/types.js';
import { checkRateLimit, type RateLimitOptions } from '../views/throttle/options.js';
import { isClass, mapView } from '../views/view-mapper.js';
import type { FactoryOrClass } from './container-classes.js';
import type { ConfigContext } from './context.js';
import { buildPredicates, predicateWeight } from './predicates.js';
import type { ConfigState, MappedView, ViewEntry } from './state.js';
import { checkViewDocs, VIEW_DOC_OPTIONS, type ViewDocOptions } from './view-docs.js';
import { type ViewMapper, viewMapping } from './view-mappers.js';

/**
 * Predicate options of addView. Augment it when you add a view predicate, so the option is typed:
 * @example
 * declare module 'ziggurat' { interface ViewPredicateOptions { featureFlag?: string } }
 */
export interface ViewPredicateOptions {
  /** A method or list of methods; GET also answers HEAD. */
  requestMethod?: Negatable<string | readonly string[]>;
  /** `key` or `key=value` in the query or form body, or a list of them. */
  requestParam?: Negatable<string | readonly string[]>;
  /** `Name` (present) or `Name:regex`, or a list of them. */
  header?: Negatable<string | readonly string[]>;
  /** Concrete media types the client must accept (no `text/*`); the Accept header orders such views. */
  accept?: Negatable<string | readonly string[]>;
  xhr?: Negatable<boolean>;
  /** Regexes matched at the start of the decoded path. */
  pathInfo?: Negatable<string | RegExp | ReadonlyArray<string | RegExp>>;
  /** A class the context or one of its ancestors must be an instance of. */
  containment?: Negatable<Class>;
  /** `key=value` pairs the matchdict must hold. */
  matchParam?: Negatable<string | readonly string[] | Readonly<Record<string, string>>>;
  /** The context's path from the root: `'/docs/intro'` or `['', 'docs', 'intro']`. */
  physicalPath?: Negatable<string | readonly string[]>;
  /** Whether the security policy must name a user (true) or must not (false). */
  isAuthenticated?: Negatable<boolean>;
  /** Whether the request must be a WebSocket upgrade (addWebSocketView sets it) or must not be. */
  webSocket?: Negatable<boolean>;
}

/** Options of addView; `S` is the type of its `schema`, which types the view's request. */
export interface ViewOptions<S extends ViewSchema = ViewSchema> extends ViewPredicateOptions, ViewDocOptions {
  /** Only for requests that matched this route. */
  routeName?: string;
  /** Only when the context is an instance of this class. */
  context?: Class;
  /** The traversal view name (default ''). */
  name?: string;
  /** The permission the security policy must grant on the context. */
  permission?: string;
  /** A renderer name (`json`, `string`) or a template path (`pages/home.hbs`). */
  renderer?: string;
  /** For a view class: the method to call (default `call`). */
  attr?: string;
  /** What turns the view into `(request) => result` instead of the default (a function, or a container-made class). */
  mapper?: FactoryOrClass<ViewMapper>;
  /**
   * JSON Schemas (TypeBox's `Type`) for the request's body, query, params and headers, checked
   * before the view runs (a failure answers 400), and for the response by status.
   */
  schema?: S;
  /** At most `max` requests per `timeWindow` for each client (or `key`); more answer 429. */
  rateLimit?: RateLimitOptions;
}

/** Options of addExceptionView: `context` is the error class. */
export interface ExceptionViewOptions
  extends Omit<ViewOptions, 'context' | 'name' | 'permission' | 'schema' | 'rateLimit'> {
  context: Class;
}

/** Options of addNotFoundView and addForbiddenView. */
export type SpecialViewOptions = Omit<
  ViewOptions,
  'context' | 'name' | 'permission' | 'schema' | 'rateLimit'
>;

/** Options of addNotFoundView. */
export interface NotFoundViewOptions extends SpecialViewOptions {
  /**
   * Redirect `/path` to `/path/` when a route's pattern matches that (Pyramid's append_slash):
   * `true` for a 307 (the method and body are kept), or the redirect class to use instead.
   */
  appendSlash?: AppendSlash;
}

export const VIEW_OWN_OPTIONS: readonly string[] = [
  'routeName',
  'context',
  'name',
  'permission',
  'renderer',
  'attr',
  'mapper',
  'schema',
  'rateLimit',
  ...VIEW_DOC_OPTIONS,
];

const classIds = new WeakMap<Function, number>();
let nextClassId = 1;

function classKey(cls: Class | null): string {
  if (cls === null) return '*';
  let id = classIds.get(cls);
  if (id === undefined) classIds.set(cls, (id = nextClassId++));
  return `${cls.name || 'class'}#${id}`;
}

function describeView(view: unknown, options: ViewOptions): string {
  const name = (view as { name?: string }).name || 'anonymous';
  return `view ${name}${options.attr ? `.${options.attr}` : ''}`;
}

function checkOptions(options: ViewOptions, ctx: ConfigContext): void {
  if (options.context !== undefined && typeof options.context !== 'function') {
    throw new ConfigurationError(`The context option must be a class at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new ConfigurationError(`The name option must be a string at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  if (options.schema !== undefined) checkViewSchema(options.schema, ctx.site);
  if (options.rateLimit !== undefined) checkRateLimit(options.rateLimit, ctx.site);
  checkViewDocs(options, ctx.site);
}

function mapAtCallSite(view: unknown, options: ViewOptions, ctx: ConfigContext): MappedView {
  try {
    return mapView(view, options.attr ?? null, ctx.registry.container);
  } catch (error) {
    if (error instanceof ZigguratError) error.message += ` (at ${ctx.site})`;
    throw error;
  }
}

function buildEntry(ctx: ConfigContext, view: unknown, mapped: MappedView, options: ViewOptions): ViewEntry {
  const predicates = buildPredicates<ViewPredicate>(
    ctx.state.viewPredicates,
    options as Record<string, unknown>,
    [...VIEW_OWN_OPTIONS, ...ctx.state.viewDeriverOptions],
    ctx.registry,
    `addView(${describeView(view, options)})`,
  );
  const method = predicates.find((p) => p instanceof RequestMethodPredicate) as
    | RequestMethodPredicate
    | undefined;
  return {
    view: mapped,
    mapped,
    options: { ...options },
    original: view,
    attr: options.attr ?? null,
    routeName: options.routeName ?? null,
    context: options.context ?? null,
    name: options.name ?? '',
    predicates,
    weight: predicateWeight(ctx.state.viewPredicates, options as Record<string, unknown>),
    methods: method?.methods ?? null,
    permission: options.permission ?? null,
    rendererName: options.renderer ?? null,
    render: null,
    index: ctx.state.viewCounter++,
    site: ctx.site,
  };
}

function discriminatorOf(kind: string, entry: ViewEntry): string {
  const phashes = entry.predicates.map((predicate) => predicate.phash()).sort();
  const parts = [`route=${entry.routeName ?? '*'}`, `context=${classKey(entry.context)}`];
  if (kind === 'view') parts.push(`name=${JSON.stringify(entry.name)}`);
  if (phashes.length > 0) parts.push(`predicates=[${phashes.join('; ')}]`);
  return `${kind} (${parts.join(', ')})`;
}

// Defaults that only make sense for ordinary views: exception views have their own context.
const ORDINARY_ONLY = new Set(['context', 'name', 'permission']);

/** A view class's @viewDefaults under the options given (Pyramid applies __view_defaults__ to add_view too). */
function withViewDefaults(view: unknown, options: ViewOptions, kind: ViewKind): ViewOptions {
  if (!isClass(view)) return options;
  const defaults = Object.entries(declaredViewDefaults(view)).filter(
    ([key]) => kind === 'view' || !ORDINARY_ONLY.has(key),
  );
  return defaults.length === 0 ? options : { ...Object.fromEntries(defaults), ...options };
}

/** Whether views for this context class also answer its errors (Pyramid's isexception). */
function isErrorClass(cls: Class | undefined): boolean {
  if (typeof cls !== 'function') return false;
  const proto: unknown = cls.prototype;
  return cls === Error || cls === HTTPException || proto instanceof Error || proto instanceof HTTPException;
}

type ViewKind = 'view' | 'exception view';

/** Constants rather than `${kind} class`, which makes a string per view class kept with it. */
const CLASS_ROLES: Readonly<Record<ViewKind, string>> = {
  view: 'view class',
  'exception view': 'exception view class',
};

/**
 * Record a view of `kind`. `wrap` wraps the mapped view (appendSlash); the entry still describes
 * what the user registered, and a class is still checked against the container.
 */
function recordView(
  ctx: ConfigContext,
  view: unknown,
  given: ViewOptions,
  kind: ViewKind,
  wrap: (mapped: MappedView) => MappedView = (mapped) => mapped,
): void {
  const options = withViewDefaults(view, given, kind);
  checkOptions(options, ctx);
  const mapping = viewMapping(ctx, view, { ...options }, () => mapAtCallSite(view, options, ctx));
  let entry: ViewEntry | null = null;
  const build = (): ViewEntry => (entry ??= buildEntry(ctx, view, wrap(mapping.map()), options));
  let key: string | null = null;
  const discriminator = (): string => (key ??= discriminatorOf(kind, build()));
  const target = kind === 'view' ? ctx.state.views : ctx.state.exceptionViews;
  ctx.record(discriminator, () => {
    mapping.register();
    placeView(ctx.state, target, build(), discriminator(), kind);
    if (isClass(view))
      ctx.state.containerClasses.push({ cls: view, role: CLASS_ROLES[kind], site: ctx.site });
  });
}

/**
 * Add a view to its list. After an earlier commit, a view that commit registered under the same
 * discriminator is replaced, in its place (as Pyramid's MultiView replaces a view of the same
 * predicates); within one commit, conflict resolution has already left one of them.
 */
function placeView(
  state: ConfigState,
  target: ViewEntry[],
  entry: ViewEntry,
  key: string,
  kind: 'view' | 'exception view',
): void {
  const at =
    state.commits === 0
      ? -1
      : target.findIndex(
          (view) =>
            view.routeName === entry.routeName &&
            view.context === entry.context &&
            view.name === entry.name &&
            discriminatorOf(kind, view) === key,
        );
  const committed = target[at];
  if (committed === undefined) {
    target.push(entry);
    return;
  }
  target[at] = { ...entry, index: committed.index };
  const made = state.containerClasses.findIndex(
    (record) => record.cls === committed.original && record.site === committed.site,
  );
  if (made !== -1) state.containerClasses.splice(made, 1);
}

/**
 * Record a view. A view whose context is an error class (or an HTTP exception) also answers those
 * errors as an exception view, as Pyramid registers both; with a view name it stays an ordinary
 * view, since exception views are found without one.
 */
export function addView(ctx: ConfigContext, view: unknown, options: ViewOptions = {}): void {
  recordView(ctx, view, options, 'view');
  const { name, ...forErrors } = withViewDefaults(view, options, 'view');
  if (isErrorClass(forErrors.context) && (name ?? '') === '') {
    recordView(ctx, view, forErrors, 'exception view');
  }
}

/** Record an exception view for `options.context` (an error class). */
export function addExceptionView(ctx: ConfigContext, view: unknown, options: ExceptionViewOptions): void {
  if (typeof options?.context !== 'function') {
    throw new ConfigurationError(`addExceptionView needs a context error class at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  recordView(ctx, view, options, 'exception view');
}

/**
 * Record the view that answers HTTPNotFound (no route, no view, or a raised 404). With
 * `appendSlash`, a path that would match a route with a trailing slash is redirected there first;
 * `view` may then be null (the 404 answers as without a not-found view).
 */
export function addNotFoundView(ctx: ConfigContext, view: unknown, options: NotFoundViewOptions = {}): void {
  const { appendSlash, ...rest } = options ?? {};
  const settings = { ...rest, context: HTTPNotFound };
  if (appendSlash === undefined || appendSlash === false) {
    recordView(ctx, view, settings, 'exception view');
    return;
  }
  const redirect = redirectClassFor(appendSlash, ctx.site.location);
  const notFound = view ?? answerNotFound;
  recordView(ctx, notFound, settings, 'exception view', (mapped) => appendSlashView(mapped, redirect));
}

/** The not-found view of `appendSlash` without one of the app's own: the 404 itself. */
function answerNotFound(request: Request): unknown {
  return request.exception;
}

/** Record the view that answers HTTPForbidden (a denied permission, or a raised 403). */
export function addForbiddenView(ctx: ConfigContext, view: unknown, options: SpecialViewOptions = {}): void {
  recordView(ctx, view, { ...options, context: HTTPForbidden }, 'exception view');
}
