// Which operations an app has: each route's views, by the methods they answer, and the traversal views.
// The document is built from this plan, and commit checks its operationIds against it.
import {
  type Introspectable,
  listRoutes,
  listViews,
  type RouteDescription,
  type ViewDescription,
  ZigguratError,
} from '../../lib/index.js';

/** One method of one view: an OpenAPI operation. */
export interface PlannedOperation {
  /** Lower case, as OpenAPI's path item keys: `get`, `post`... */
  readonly method: string;
  readonly view: ViewDescription;
}

/** A route's operations under its path template. */
export interface PlannedPath {
  readonly route: RouteDescription;
  readonly operations: readonly PlannedOperation[];
}

/** The operations of an app: its routes' and, listed apart, its traversal views'. */
export interface OperationPlan {
  readonly paths: readonly PlannedPath[];
  readonly traversal: readonly PlannedOperation[];
}

/** The methods OpenAPI has a path item field for (HEAD is left out: GET views answer it anyway). */
const DOCUMENTED = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE']);

/**
 * The methods a view's operations are listed under: those its requestMethod allows (within its
 * route's), HEAD only when nothing else; a view for any method is a GET, or a POST when it takes a body.
 */
function methodsOf(view: ViewDescription, routeMethods: readonly string[] | null): string[] {
  let methods = view.methods ?? routeMethods;
  if (view.methods !== null && routeMethods !== null) {
    methods = view.methods.filter((method) => routeMethods.includes(method));
  }
  if (methods === null) return [view.schema?.body === undefined ? 'get' : 'post'];
  const documented = methods.filter((method) => DOCUMENTED.has(method));
  const listed = documented.length > 0 ? documented : methods.filter((method) => method === 'HEAD');
  return listed.map((method) => method.toLowerCase());
}

function operationsOf(views: readonly ViewDescription[], routeMethods: readonly string[] | null) {
  return views.flatMap((view) => methodsOf(view, routeMethods).map((method) => ({ method, view })));
}

/**
 * The methods a route lets its views answer, null for any. listRoutes gives its requestMethod, or
 * else the union of its views' methods, which restricts none of them.
 */
function routeMethodsOf(route: RouteDescription): string[] | null {
  return route.methods.includes('*') ? null : route.methods;
}

/**
 * The operations of the committed app: every route that has views (in registration order), and the
 * views found by traversal (those without a route name).
 * @example planOperations(app).paths.map(({ route }) => route.pathTemplate)
 */
export function planOperations(target: Introspectable): OperationPlan {
  const paths = listRoutes(target)
    .filter((route) => route.views.length > 0)
    .map((route) => ({ route, operations: operationsOf(route.views, routeMethodsOf(route)) }));
  const traversalViews = listViews(target).filter((view) => view.routeName === null);
  return { paths, traversal: operationsOf(traversalViews, null) };
}

function describeOperation(path: string, operation: PlannedOperation): string {
  return `${operation.method.toUpperCase()} ${path} (view ${operation.view.callable} at ${operation.view.location})`;
}

function operationIdError(
  id: string,
  earlier: { here: string; operation: PlannedOperation },
  later: { here: string; operation: PlannedOperation },
): ZigguratError {
  const view = later.operation.view;
  if (earlier.operation.view === view) {
    return new ZigguratError(
      'ZIG_ERR_OPENAPI',
      `The operationId '${id}' names one operation, but the view ${view.callable} at ${view.location} answers ${earlier.operation.method.toUpperCase()} and ${later.operation.method.toUpperCase()}: add one view per method, each with its own operationId`,
    );
  }
  return new ZigguratError(
    'ZIG_ERR_OPENAPI',
    `The operationId '${id}' names two operations, ${earlier.here} and ${later.here}: give each its own`,
  );
}

/**
 * Each operationId names one operation (client generators make one function of it): two views with
 * one operationId, or one view listed under several methods, are refused with `ZIG_ERR_OPENAPI`.
 */
export function checkOperationIds(plan: OperationPlan): void {
  const seen = new Map<string, { here: string; operation: PlannedOperation }>();
  const all = [
    ...plan.paths.flatMap(({ route, operations }) =>
      operations.map((op) => [route.pathTemplate, op] as const),
    ),
    ...plan.traversal.map((op) => [`(traversal view '${op.view.name}')`, op] as const),
  ];
  for (const [path, operation] of all) {
    const id = operation.view.docs.operationId;
    if (id === undefined) continue;
    const here = describeOperation(path, operation);
    const earlier = seen.get(id);
    if (earlier !== undefined) throw operationIdError(id, earlier, { here, operation });
    seen.set(id, { here, operation });
  }
}
