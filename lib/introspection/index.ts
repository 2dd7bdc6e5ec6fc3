// lib/introspection/: a committed app's routes, views and tweens listed, and how it would dispatch a path.
export type {
  ExplainOptions,
  FastifyRouteDescription,
  Introspectable,
  PathExplanation,
  PlaceholderDescription,
  PredicateCheck,
  RouteCheck,
  RouteDescription,
  StaticViewCheck,
  StaticViewDescription,
  TweenChainsDescription,
  TweenDescription,
  ViewCheck,
  ViewDescription,
} from './describe.js';
export { describeResource, explainPath } from './explain.js';
export { listFastifyRoutes, listRoutes, listTweenChains, listTweens, listViews } from './listing.js';
export { listStaticViews, matchStaticView } from './static.js';
