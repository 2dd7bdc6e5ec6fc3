// What introspection reports (routes, views, tweens, explained paths) and how it finds a committed state.

import type { FastifyInstance } from 'fastify';
import { registryOf } from '../config/app-builder.js';
import { Configurator } from '../config/configurator.js';
import { Registry } from '../config/registry.js';
import type { ConfigState, ViewEntry } from '../config/state.js';
import { type ViewDocOptions, viewDocsOf } from '../config/view-docs.js';
import { ALL_METHODS } from '../dispatch/route-groups.js';
import { ZigguratError } from '../errors.js';
import type { Request } from '../http/request.js';
import { NotValue, normaliseMethods } from '../predicates/index.js';
import { STATE } from '../symbols.js';
import type { Matchdict } from '../urldispatch/index.js';
import type { ViewSchema } from '../views/schema/types.js';
import { callableName } from '../views/view-label.js';

/** What the introspection functions accept: a registry, a configurator, or an app makeApp built. */
export type Introspectable = Registry | Configurator | FastifyInstance;

/** One view, as `listViews` and `listRoutes` describe it. */
export interface ViewDescription {
  /** The callable: a function's name, or `Class.method`. */
  callable: string;
  routeName: string | null;
  /** The context class's name, or null for any context. */
  context: string | null;
  /** The traversal view name ('' is the default view). */
  name: string;
  /** Each predicate's text(). */
  predicates: string[];
  permission: string | null;
  renderer: string | null;
  /** `file:line` of the addView call (or decorator). */
  location: string;
  /** The methods its `requestMethod` predicate allows (GET brings HEAD; `not(...)` the others), or null for any. */
  methods: string[] | null;
  /** Its `schema` option, or null. */
  schema: ViewSchema | null;
  /** Its documentation options (summary, description, tags, operationId, deprecated), those set. */
  docs: ViewDocOptions;
}

/** A placeholder of a route pattern: `{name}`, `{name:regex}` or `*name` (the rest of the path). */
export interface PlaceholderDescription {
  name: string;
  /** The regex of `{name:regex}`, or null (`[^/]+`, or any rest of the path for `*name`). */
  regex: string | null;
  /** True for `*name`, which matches the rest of the path, slashes included (possibly nothing). */
  rest: boolean;
}

/** One route, as `listRoutes` describes it. */
export interface RouteDescription {
  name: string;
  pattern: string;
  /** The pattern as a URI template: each placeholder (`*rest` too) written `{name}`, without its regex. */
  pathTemplate: string;
  /** The pattern's placeholders, in order. */
  placeholders: PlaceholderDescription[];
  /** The methods it answers: its requestMethod, else its views' methods; `['*']` for any. */
  methods: string[];
  predicates: string[];
  views: ViewDescription[];
  location: string;
}

/** One tween of the chain. */
export interface TweenDescription {
  name: string;
  /** `file:line` of addTween, `ziggurat` for built-ins, '' for INGRESS and MAIN. */
  location: string;
}

/** Both tween chains, as `listTweenChains` describes them, each from INGRESS to MAIN. */
export interface TweenChainsDescription {
  /** The chain over/under give. */
  implicit: TweenDescription[];
  /** The chain the `ziggurat.tweens` setting lists (the one in use), or null when it is not set. */
  explicit: TweenDescription[] | null;
}

/** One static view, as `listStaticViews` describes it. */
export interface StaticViewDescription {
  /** The name addStaticView was given: a URL prefix (`static`) or an absolute URL. */
  name: string;
  /** The URL pattern it answers, `/static/*subpath`; null when it only makes URLs on another host. */
  pattern: string | null;
  /** The absolute URL it makes URLs on, or null. */
  url: string | null;
  /** The directory it serves, as registered (overrides are applied when serving). */
  directory: string;
  /** `file:line` of the addStaticView call. */
  location: string;
}

/** A route added to an app's Fastify instance beside Ziggurat's (see listFastifyRoutes). */
export interface FastifyRouteDescription {
  /** Its path in Fastify's syntax: `/_health/live`, `/docs/static/*`. */
  url: string;
  /** Its methods, HEAD included where Fastify added it for a GET. */
  methods: string[];
}

/** The static view that answers an explained path, and what it would send. */
export interface StaticViewCheck extends StaticViewDescription {
  /** The file it would send, or null: no such file (a 404). */
  file: string | null;
}

/** A predicate and whether it passed for the explained request. */
export interface PredicateCheck {
  text: string;
  passed: boolean;
}

/** A route the explained path was tried against. */
export interface RouteCheck {
  name: string;
  pattern: string;
  /** Whether the pattern matched the path (predicates are checked only then). */
  matched: boolean;
  matchdict: Matchdict | null;
  predicates: PredicateCheck[];
}

/** A candidate view for the explained request. */
export interface ViewCheck extends ViewDescription {
  checks: PredicateCheck[];
  /** True for the view dispatch would call: the first candidate whose predicates all pass. */
  selected: boolean;
}

/** How the app would dispatch one request: route, traversal, candidate views. */
export interface PathExplanation {
  method: string;
  path: string;
  /** The routes tried, in order (Fastify's router picks the group; its routes are tried in order). */
  routes: RouteCheck[];
  /** The route that matched, or null (traversal from the default root). */
  route: RouteCheck | null;
  traversal: {
    /** The context's class name and resource path, e.g. `Folder /docs/`. */
    context: string;
    viewName: string;
    subpath: string[];
    traversed: string[];
  };
  views: ViewCheck[];
  /** The static view that answers instead of any route or traversal (then routes and views are empty). */
  staticView: StaticViewCheck | null;
  /** The outcome: `view <callable>`, `static view <name>`, `404 Not Found` or `405 Method Not Allowed`. */
  outcome: string;
}

/** Options of explainPath. */
export interface ExplainOptions {
  method?: string;
  headers?: Record<string, string>;
  /**
   * A request the app has already dispatched (the debug toolbar's): its route, matchdict, context and
   * traversal are taken as dispatch found them, and the predicates are asked about it, so the root
   * factory and traversal never run again (on a copy they would, and a `request.db` they touched would
   * open a transaction nobody closes). `method` and `headers` are then its own.
   */
  request?: Request;
}

export function stateOf(target: Introspectable): { registry: Registry; state: ConfigState } {
  const registry =
    target instanceof Registry
      ? target
      : target instanceof Configurator
        ? target.registry
        : registryOf(target as FastifyInstance);
  if (!registry) {
    throw new ZigguratError(
      'ZIG_ERR_CONFIG_OPTION',
      'Introspection needs a Registry, a Configurator or an app made by makeApp()',
    );
  }
  return { registry, state: registry[STATE] };
}

/** The methods a view answers: its requestMethod's, the others for `not(...)`, or null for any. */
function viewMethods(entry: ViewEntry): string[] | null {
  if (entry.methods !== null) return [...entry.methods];
  const option = entry.options.requestMethod;
  if (!(option instanceof NotValue)) return null;
  const excluded = new Set(normaliseMethods(option.value));
  return ALL_METHODS.filter((method) => !excluded.has(method));
}

export function describeView(entry: ViewEntry): ViewDescription {
  return {
    callable: callableName(entry),
    routeName: entry.routeName,
    context: entry.context?.name ?? null,
    name: entry.name,
    predicates: entry.predicates.map((predicate) => predicate.text()),
    permission: entry.permission,
    renderer: entry.rendererName,
    location: entry.site.location,
    methods: viewMethods(entry),
    schema: (entry.options.schema as ViewSchema | undefined) ?? null,
    docs: viewDocsOf(entry.options),
  };
}
