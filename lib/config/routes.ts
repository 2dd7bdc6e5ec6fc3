// addRoute: a named URL pattern with its predicates, root factory and hybrid traversal.
import { ConfigurationError } from '../errors.js';
import { type Negatable, RequestMethodPredicate } from '../predicates/index.js';
import type { RootFactory, RoutePredicate } from '../types.js';
import { compilePattern } from '../urldispatch/index.js';
import { type RootClass, rootFactoryOf } from './container-classes.js';
import type { ConfigContext } from './context.js';
import { buildPredicates } from './predicates.js';
import { ROUTE_KIND_OPTIONS, type RouteKindOptions, routeShape } from './route-kinds.js';
import type { RouteEntry } from './state.js';

/**
 * Predicate options of addRoute. Augment it when you add a route predicate, so the option is typed:
 * @example
 * declare module 'ziggurat' { interface RoutePredicateOptions { tenant?: string } }
 */
export interface RoutePredicateOptions {
  /** A method or list of methods; GET also matches HEAD. */
  requestMethod?: Negatable<string | readonly string[]>;
  /** `Name` (present) or `Name:regex`, or a list of them. */
  header?: Negatable<string | readonly string[]>;
  /** Concrete media types the client must accept (no `text/*`). */
  accept?: Negatable<string | readonly string[]>;
  /** `key` or `key=value`, or a list of them. */
  requestParam?: Negatable<string | readonly string[]>;
  xhr?: Negatable<boolean>;
  /** Regexes matched at the start of the decoded path. */
  pathInfo?: Negatable<string | RegExp | ReadonlyArray<string | RegExp>>;
  /** Whether the security policy must name a user (true) or must not (false). */
  isAuthenticated?: Negatable<boolean>;
}

/** Options of addRoute. */
export interface RouteOptions extends RoutePredicateOptions, RouteKindOptions {
  /** The root factory for requests this route matches: a function, or a class made per request. */
  factory?: RootFactory | RootClass;
  /** A pattern filled from the matchdict, traversed from the route's root (hybrid apps). */
  traverse?: string;
  /** Let views registered without a routeName answer for this route too. */
  useGlobalViews?: boolean;
}

export const ROUTE_OWN_OPTIONS: readonly string[] = [
  'factory',
  'traverse',
  'useGlobalViews',
  ...ROUTE_KIND_OPTIONS,
];

/** RouteInfo.location, formatted when asked for (an error, introspection): most routes' never are. */
const LAZY_LOCATION: PropertyDescriptor = {
  get(this: RouteEntry): string {
    return this.site.location;
  },
  enumerable: true,
};

/** The entry with its location; one shared getter, so that a route costs no closure of its own. */
function withLazyLocation(entry: Omit<RouteEntry, 'location'>): RouteEntry {
  return Object.defineProperty(entry, 'location', LAZY_LOCATION) as RouteEntry;
}

/** Join an outer and inner include prefix ('a' + 'b' → 'a/b'). */
export function joinRoutePrefixes(outer: string, inner: string): string {
  const parts = [outer, inner].map((part) => part.replace(/^\/+|\/+$/g, '')).filter((part) => part !== '');
  return parts.join('/');
}

/** Record a route; it is compiled and checked at commit. */
export function addRoute(
  ctx: ConfigContext,
  name: string,
  pattern: string,
  options: RouteOptions = {},
): void {
  if (typeof name !== 'string' || name === '') {
    throw new ConfigurationError(`addRoute needs a route name, got ${JSON.stringify(name)} at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  if (typeof pattern !== 'string') {
    throw new ConfigurationError(`addRoute('${name}') needs a string pattern at ${ctx.site}`, {
      code: 'ZIG_ERR_ROUTE_PATTERN',
    });
  }
  const shape = routeShape(ctx, name, pattern, options as Record<string, unknown>);
  const { state, registry } = ctx;
  const factory =
    options.factory === undefined ? null : rootFactoryOf(ctx, options.factory, 'route factory class');
  ctx.record(`route '${name}'`, () => {
    factory?.register();
    const compiled = compilePattern(shape.pattern);
    const predicates = buildPredicates<RoutePredicate>(
      state.routePredicates,
      options as Record<string, unknown>,
      ROUTE_OWN_OPTIONS,
      registry,
      `addRoute('${name}')`,
    );
    const methodPredicate = predicates.find((p) => (p as unknown) instanceof RequestMethodPredicate);
    state.routes.delete(name);
    state.routes.set(
      name,
      withLazyLocation({
        name,
        pattern: shape.shown ?? compiled.pattern,
        compiled,
        factory: factory?.fn ?? null,
        traverse: options.traverse === undefined ? null : compilePattern(options.traverse),
        useGlobalViews: options.useGlobalViews ?? false,
        predicates,
        methods: methodPredicate ? (methodPredicate as unknown as RequestMethodPredicate).methods : null,
        site: ctx.site,
        static: shape.static,
        external: shape.external,
        pregenerator: options.pregenerator ?? null,
      }),
    );
  });
}
