// addView and the exception, not-found and forbidden views: recorded with a deferred discriminator.
import { ConfigurationError, ZigguratError } from '../errors.js';
import { HTTPForbidden, HTTPNotFound } from '../http/exceptions/index.js';
import { RequestMethodPredicate } from '../predicates/index.js';
import type { Class, ViewPredicate } from '../types.js';
import { checkViewSchema } from '../views/schema/check.js';
import type { ViewSchema } from '../views/schema/types.js';
import { isClass, mapView } from '../views/view-mapper.js';
import type { ConfigContext } from './context.js';
import { buildPredicates } from './predicates.js';
import type { MappedView, ViewEntry } from './state.js';

/**
 * Predicate options of addView. Augment it when you add a view predicate, so the option is typed:
 * @example
 * declare module 'ziggurat' { interface ViewPredicateOptions { featureFlag?: string } }
 */
export interface ViewPredicateOptions {
  /** A method or list of methods; GET also answers HEAD. */
  requestMethod?: string | readonly string[];
  /** `key` or `key=value` in the query or form body, or a list of them. */
  requestParam?: string | readonly string[];
  /** `Name` (present) or `Name:regex`, or a list of them. */
  header?: string | readonly string[];
  /** Media types the client must accept. */
  accept?: string | readonly string[];
  xhr?: boolean;
  pathInfo?: string | RegExp | ReadonlyArray<string | RegExp>;
  /** A class the context or one of its ancestors must be an instance of. */
  containment?: Class;
  /** `key=value` pairs the matchdict must hold. */
  matchParam?: string | readonly string[] | Readonly<Record<string, string>>;
}

/** Options of addView; `S` is the type of its `schema`, which types the view's request. */
export interface ViewOptions<S extends ViewSchema = ViewSchema> extends ViewPredicateOptions {
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
  /**
   * JSON Schemas (TypeBox's `Type`) for the request's body, query, params and headers, checked
   * before the view runs (a failure answers 400), and for the response by status.
   */
  schema?: S;
}

/** Options of addExceptionView: `context` is the error class. */
export interface ExceptionViewOptions
  extends Omit<ViewOptions, 'context' | 'name' | 'permission' | 'schema'> {
  context: Class;
}

/** Options of addNotFoundView and addForbiddenView. */
export type SpecialViewOptions = Omit<ViewOptions, 'context' | 'name' | 'permission' | 'schema'>;

export const VIEW_OWN_OPTIONS: readonly string[] = [
  'routeName',
  'context',
  'name',
  'permission',
  'renderer',
  'attr',
  'schema',
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

function recordView(
  ctx: ConfigContext,
  view: unknown,
  options: ViewOptions,
  kind: 'view' | 'exception view',
): void {
  checkOptions(options, ctx);
  const mapped = mapAtCallSite(view, options, ctx);
  let entry: ViewEntry | null = null;
  const build = (): ViewEntry => (entry ??= buildEntry(ctx, view, mapped, options));
  const target = kind === 'view' ? ctx.state.views : ctx.state.exceptionViews;
  ctx.record(
    () => discriminatorOf(kind, build()),
    () => {
      target.push(build());
      if (isClass(view))
        ctx.state.containerClasses.push({ cls: view, role: `${kind} class`, site: ctx.site });
    },
  );
}

/** Record a view. */
export function addView(ctx: ConfigContext, view: unknown, options: ViewOptions = {}): void {
  recordView(ctx, view, options, 'view');
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

/** Record the view that answers HTTPNotFound (no route, no view, or a raised 404). */
export function addNotFoundView(ctx: ConfigContext, view: unknown, options: SpecialViewOptions = {}): void {
  recordView(ctx, view, { ...options, context: HTTPNotFound }, 'exception view');
}

/** Record the view that answers HTTPForbidden (a denied permission, or a raised 403). */
export function addForbiddenView(ctx: ConfigContext, view: unknown, options: SpecialViewOptions = {}): void {
  recordView(ctx, view, { ...options, context: HTTPForbidden }, 'exception view');
}
