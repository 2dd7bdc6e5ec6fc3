// lib/predicates/: the built-in view and route predicates, in evaluation order (cheap and selective
// first), which is also their weight order (Pyramid's): among views with as many predicates, the
// one with the later (heavier) predicates is tried first.
import type { RoutePredicateFactory, ViewPredicateFactory } from '../types.js';
import { acceptPredicate } from './accept.js';
import { containmentPredicate } from './containment.js';
import { headerPredicate } from './header.js';
import { isAuthenticatedPredicate } from './is-authenticated.js';
import { matchParamPredicate } from './match-param.js';
import { pathInfoPredicate } from './path-info.js';
import { physicalPathPredicate } from './physical-path.js';
import { requestMethodPredicate } from './request-method.js';
import { requestParamPredicate } from './request-param.js';
import { xhrPredicate } from './xhr.js';

export { type AcceptOffer, AcceptPredicate } from './accept.js';
export { type Negatable, NotValue, negate, not } from './not.js';
export { normaliseMethods, RequestMethodPredicate } from './request-method.js';

/** View predicates registered by every Configurator through addViewPredicate. */
export const BUILTIN_VIEW_PREDICATES: ReadonlyArray<[string, ViewPredicateFactory]> = [
  ['xhr', xhrPredicate],
  ['requestMethod', requestMethodPredicate],
  ['pathInfo', pathInfoPredicate],
  ['requestParam', requestParamPredicate],
  ['header', headerPredicate],
  ['accept', acceptPredicate],
  ['containment', containmentPredicate],
  ['matchParam', matchParamPredicate],
  ['physicalPath', physicalPathPredicate],
  ['isAuthenticated', isAuthenticatedPredicate],
];

/** Route predicates registered by every Configurator through addRoutePredicate. */
export const BUILTIN_ROUTE_PREDICATES: ReadonlyArray<[string, RoutePredicateFactory]> = [
  ['xhr', xhrPredicate as unknown as RoutePredicateFactory],
  ['requestMethod', requestMethodPredicate as unknown as RoutePredicateFactory],
  ['pathInfo', pathInfoPredicate as unknown as RoutePredicateFactory],
  ['requestParam', requestParamPredicate as unknown as RoutePredicateFactory],
  ['header', headerPredicate as unknown as RoutePredicateFactory],
  ['accept', acceptPredicate as unknown as RoutePredicateFactory],
  ['isAuthenticated', isAuthenticatedPredicate as unknown as RoutePredicateFactory],
];
