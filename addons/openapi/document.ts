// The OpenAPI 3.1 document of a committed app: its routes as paths, its views as operations, the
// problem documents as shared components, and its traversal views under `x-traversal`.
import {
  Configurator,
  type Introspectable,
  Registry,
  registryOf,
  type Settings,
  ZigguratError,
} from '../../lib/index.js';
import { type OperationContext, operationOf } from './operations.js';
import { checkOperationIds, type OperationPlan, type PlannedOperation, planOperations } from './plan.js';
import { problemComponents } from './problems.js';
import { type OpenApiOptions, readOpenApiOptions } from './settings.js';

type JsonObject = Record<string, unknown>;

/** The name of the one security scheme, which every permission's requirement names. */
const SCHEME_NAME = 'app';

/**
 * A path item: one operation per method. Views sharing a route and a method (told apart by other
 * predicates) are one operation: the first one describes it, the others add the statuses it lacks.
 */
function pathItem(operations: readonly PlannedOperation[], build: (op: PlannedOperation) => JsonObject) {
  const item: Record<string, JsonObject> = {};
  for (const planned of operations) {
    const operation = build(planned);
    const earlier = item[planned.method];
    if (earlier === undefined) {
      item[planned.method] = operation;
      continue;
    }
    earlier.responses = { ...(operation.responses as JsonObject), ...(earlier.responses as JsonObject) };
  }
  return item;
}

function pathsOf(plan: OperationPlan, context: OperationContext): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const { route, operations } of plan.paths) {
    const item = pathItem(operations, ({ view }) => operationOf(view, route.placeholders, context));
    // Two routes may have one template (told apart by predicates): their operations share the path.
    paths[route.pathTemplate] = { ...item, ...paths[route.pathTemplate] };
  }
  return paths;
}

/** The traversal views: their URLs depend on the resource tree, so they are listed, not given paths. */
function traversalOf(plan: OperationPlan, context: OperationContext): JsonObject[] {
  return plan.traversal.map(({ method, view }) => ({
    context: view.context,
    name: view.name,
    method,
    operation: operationOf(view, [], context),
  }));
}

function tagsOf(plan: OperationPlan): JsonObject[] {
  const views = [...plan.paths.flatMap((path) => path.operations), ...plan.traversal].map((op) => op.view);
  const names = new Set(views.flatMap((view) => view.docs.tags ?? []));
  return [...names].map((name) => ({ name }));
}

function infoOf(options: OpenApiOptions): JsonObject {
  const info: JsonObject = { title: options.title, version: options.version };
  if (options.description !== null) info.description = options.description;
  return info;
}

/** Build the document from the committed configuration and the add-on's options. */
export function buildDocument(target: Introspectable, options: OpenApiOptions, secured: boolean): JsonObject {
  const plan = planOperations(target);
  checkOperationIds(plan);
  const context: OperationContext = { securityScheme: secured ? SCHEME_NAME : null };
  const components: JsonObject = problemComponents();
  if (secured) components.securitySchemes = { [SCHEME_NAME]: options.securityScheme };
  const tags = tagsOf(plan);
  const traversal = traversalOf(plan, context);
  return {
    openapi: '3.1.0',
    info: infoOf(options),
    ...(options.servers.length > 0 ? { servers: options.servers.map((url) => ({ url })) } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    paths: pathsOf(plan, context),
    components,
    ...(traversal.length > 0 ? { 'x-traversal': traversal } : {}),
  };
}

function registryFor(target: Introspectable): Registry {
  if (target instanceof Registry) return target;
  if (target instanceof Configurator) return target.registry;
  const registry = registryOf(target);
  if (registry === undefined) {
    throw new ZigguratError(
      'ZIG_ERR_CONFIG_OPTION',
      'openApiDocument needs a Registry, a Configurator or an app made by makeApp()',
    );
  }
  return registry;
}

/**
 * The OpenAPI 3.1 document of a committed app (a Configurator, its registry, or the app makeApp
 * made), with the `openapi.*` settings of its registry, or `settings` given here instead.
 * @example
 * const document = openApiDocument(app);
 * console.log(Object.keys(document.paths));
 */
export function openApiDocument(
  target: Introspectable,
  settings?: Settings,
): JsonObject & { paths: JsonObject } {
  const registry = registryFor(target);
  const options = readOpenApiOptions(settings ?? registry.settings);
  return buildDocument(target, options, registry.securityPolicy !== null) as JsonObject & {
    paths: JsonObject;
  };
}
