// Listings of a committed app: its routes (with their views), its views, and its tween chain in order.
import type { RouteEntry, ViewEntry } from '../config/state.js';
import { EXCVIEW, INGRESS, MAIN, sortTweens } from '../dispatch/tweens.js';
import {
  describeView,
  type Introspectable,
  type RouteDescription,
  stateOf,
  type TweenDescription,
  type ViewDescription,
} from './describe.js';

function routeMethods(route: RouteEntry, views: readonly ViewEntry[]): string[] {
  if (route.static) return []; // it never answers a request
  if (route.methods !== null) return [...route.methods];
  if (route.useGlobalViews || views.length === 0 || views.some((view) => view.methods === null)) return ['*'];
  return [...new Set(views.flatMap((view) => view.methods ?? []))].sort();
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

/**
 * The tween chain from INGRESS (outermost) to MAIN (the view-calling core), built-ins included.
 * @example listTweens(app).map((tween) => tween.name) // ['INGRESS', 'timing', 'ziggurat.excview', 'MAIN']
 */
export function listTweens(target: Introspectable): TweenDescription[] {
  const { state } = stateOf(target);
  const nodes = [
    { name: EXCVIEW, over: [], under: [], location: 'ziggurat' },
    ...state.tweens.map((tween) => ({ ...tween, location: tween.site.location })),
  ];
  const chain = sortTweens(nodes)
    .reverse()
    .map(({ name, location }) => ({ name, location }));
  return [{ name: INGRESS, location: '' }, ...chain, { name: MAIN, location: '' }];
}
