// Listings of a committed app: its routes (with their views), its views, and its tween chains in order.
import type { FastifyInstance } from 'fastify';
import { recordedFastifyRoutes } from '../config/fastify-routes.js';
import type { RouteEntry, ViewEntry } from '../config/state.js';
import { type TweenLink, tweenChains } from '../config/tweens.js';
import { INGRESS, MAIN } from '../dispatch/tweens.js';
import { parsePattern } from '../urldispatch/index.js';
import {
  describeView,
  type FastifyRouteDescription,
  type Introspectable,
  type PlaceholderDescription,
  type RouteDescription,
  stateOf,
  type TweenChainsDescription,
  type TweenDescription,
  type ViewDescription,
} from './describe.js';

function routeMethods(route: RouteEntry, views: readonly ViewEntry[]): string[] {
  if (route.static) return []; // it never answers a request
  if (route.methods !== null) return [...route.methods];
  if (route.useGlobalViews || views.length === 0 || views.some((view) => view.methods === null)) return ['*'];
  return [...new Set(views.flatMap((view) => view.methods ?? []))].sort();
}

/** A pattern's URI template (`/users/{id}`, `/files/{rest}`) and its placeholders. */
function templateOf(pattern: string): { pathTemplate: string; placeholders: PlaceholderDescription[] } {
  const placeholders: PlaceholderDescription[] = [];
  let pathTemplate = '';
  for (const token of parsePattern(pattern)) {
    if (token.kind === 'literal') {
      pathTemplate += token.text;
      continue;
    }
    pathTemplate += `{${token.name}}`;
    const regex = token.kind === 'param' ? token.regex : null;
    placeholders.push({ name: token.name, regex, rest: token.kind === 'rest' });
  }
  return { pathTemplate, placeholders };
}

/**
 * The committed routes in registration order, each with its methods, predicates and views (a static
 * or external route, which only generates URLs, has no methods).
 * @example for (const route of listRoutes(app)) console.log(route.name, route.pattern, route.methods);
 */
export function listRoutes(target: Introspectable): RouteDescription[] {
  const { state } = stateOf(target);
  return [...state.routes.values()].map((route) => {
    const views = state.views.filter((view) => view.routeName === route.name);
    return {
      name: route.name,
      pattern: route.pattern,
      ...templateOf(route.compiled.pattern),
      methods: routeMethods(route, views),
      predicates: route.predicates.map((predicate) => predicate.text()),
      views: views.map(describeView),
      location: route.location,
    };
  });
}

/**
 * The committed views (not exception views) in registration order.
 * @example listViews(config).filter((view) => view.context === 'Folder')
 */
export function listViews(target: Introspectable): ViewDescription[] {
  return stateOf(target).state.views.map(describeView);
}

function describeChain(links: readonly TweenLink[]): TweenDescription[] {
  const chain = links.map(({ name, location }) => ({ name, location }));
  return [{ name: INGRESS, location: '' }, ...chain, { name: MAIN, location: '' }];
}

/**
 * The tween chain in use, from INGRESS (outermost) to MAIN (the view-calling core), built-ins
 * included: the one the `ziggurat.tweens` setting lists, else the one over/under give.
 * @example listTweens(app).map((tween) => tween.name) // ['INGRESS', 'timing', 'ziggurat.excview', 'MAIN']
 */
export function listTweens(target: Introspectable): TweenDescription[] {
  const chains = listTweenChains(target);
  return chains.explicit ?? chains.implicit;
}

/**
 * Both tween chains, as `ziggurat tweens` shows them (Pyramid's ptweens): the implicit one (from
 * over/under) and the explicit one the `ziggurat.tweens` setting lists (null when it is not set),
 * which is then the one in use.
 * @example const { explicit, implicit } = listTweenChains(app);
 */
export function listTweenChains(target: Introspectable): TweenChainsDescription {
  const { state, registry } = stateOf(target);
  const { implicit, explicit } = tweenChains(state, registry.settings);
  return { implicit: describeChain(implicit), explicit: explicit === null ? null : describeChain(explicit) };
}

/**
 * The routes added to the app's Fastify instance beside Ziggurat's (by a configureFastify step: the
 * health add-on's endpoints, a Fastify plugin's pages), in the order added: each URL in Fastify's path
 * syntax with its methods (HEAD included where Fastify added it for a GET). Static views are listed by
 * listStaticViews; an app makeApp did not build has none.
 * @example listFastifyRoutes(app) // [{ url: '/_health/live', methods: ['GET', 'HEAD'] }, …]
 */
export function listFastifyRoutes(app: FastifyInstance): FastifyRouteDescription[] {
  return recordedFastifyRoutes(app);
}
