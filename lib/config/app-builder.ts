// The one place where committed configuration becomes a Fastify instance: routes, hooks, handlers.
import formbody from '@fastify/formbody';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import FindMyWay from 'find-my-way';
import { ApplicationCreated } from '../events.js';
import { FallbackDispatch, type RouteGroup, Runtime } from '../router.js';
import { registerStaticViews } from '../static-views.js';
import { STATE } from '../symbols.js';
import { excviewTween } from '../views/exception-views.js';
import { ViewTable } from '../views/view-table.js';
import { makeRequestClass } from './factories.js';
import type { Registry } from './registry.js';
import type { ConfigState, RouteEntry, ViewEntry } from './state.js';
import { buildTweenChain } from './tweens.js';

/** The methods a route answers when neither it nor all of its views restrict the method. */
export const ALL_METHODS: readonly string[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

const DEFAULT_OPTIONS: FastifyServerOptions = {
  routerOptions: { maxParamLength: 1000 },
};

function viewsByRoute(views: readonly ViewEntry[]): Map<string, ViewEntry[]> {
  const byRoute = new Map<string, ViewEntry[]>();
  for (const view of views) {
    if (view.routeName === null) continue;
    const list = byRoute.get(view.routeName);
    if (list) list.push(view);
    else byRoute.set(view.routeName, [view]);
  }
  return byRoute;
}

/** The methods Fastify must route to a route: its own restriction, else its views', else all. */
function routeMethods(route: RouteEntry, views: readonly ViewEntry[] | undefined): readonly string[] {
  if (route.methods !== null) return route.methods;
  if (route.useGlobalViews || !views || views.some((view) => view.methods === null)) return ALL_METHODS;
  return [...new Set(views.flatMap((view) => view.methods ?? []))];
}

/** Routes grouped by their Fastify path, in registration order, with the methods to register. */
export function groupRoutes(state: ConfigState): RouteGroup[] {
  const byRoute = viewsByRoute(state.views);
  const groups = new Map<string, { routes: RouteEntry[]; methods: Set<string> }>();
  for (const route of state.routes.values()) {
    const path = route.compiled.fastifyPath;
    const group = groups.get(path) ?? { routes: [], methods: new Set<string>() };
    groups.set(path, group);
    group.routes.push(route);
    for (const method of routeMethods(route, byRoute.get(route.name))) group.methods.add(method);
  }
  return [...groups].map(([fastifyPath, group]) => ({
    fastifyPath,
    routes: group.routes,
    methods: [...group.methods].sort(),
  }));
}

/**
 * A lookup of the route group a path reaches whatever the method, built on first use (only
 * requests Fastify has no route for need it), so that they still get exact 405 answers.
 */
export function anyMethodIndex(groups: readonly RouteGroup[]): (path: string) => FallbackDispatch | null {
  let router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | null = null;
  return (path) => {
    if (router === null) {
      router = FindMyWay({ maxParamLength: 1000 });
      for (const group of groups) router.on('GET', group.fastifyPath, () => {}, group);
    }
    const found = router.find('GET', path);
    if (!found) return null;
    return new FallbackDispatch(found.store as RouteGroup, found.params);
  };
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

const REGISTRIES = new WeakMap<FastifyInstance, Registry>();

/**
 * The registry an app was made from (undefined for a Fastify instance makeApp did not build).
 * @example const registry = registryOf(await config.makeApp());
 */
export function registryOf(app: FastifyInstance): Registry | undefined {
  return REGISTRIES.get(app);
}

/** Build the Fastify instance for a committed registry; publishes ApplicationCreated once ready. */
export async function buildApp(
  registry: Registry,
  options: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const state = registry[STATE];
  const exceptionViews = new ViewTable(state.exceptionViews, () => '');
  const views = new ViewTable(state.views, (view) => view.name);
  const runtime = new Runtime(registry, views, exceptionViews, makeRequestClass(state));
  runtime.setHandler(buildTweenChain(state.tweens, excviewTween(exceptionViews), runtime.main, registry));
  const groups = groupRoutes(state);
  runtime.findAnyMethod = anyMethodIndex(groups);

  const app = Fastify({
    ...DEFAULT_OPTIONS,
    ...options,
    routerOptions: { ...DEFAULT_OPTIONS.routerOptions, ...options.routerOptions },
    frameworkErrors:
      options.frameworkErrors ??
      ((error, request, reply) => runtime.handleFrameworkError(request, reply, error)),
  });
  REGISTRIES.set(app, registry);
  await app.register(formbody);
  await registerStaticViews(app, registry);
  for (const configure of state.fastifyConfigurers) await configure(app, registry);
  for (const group of groups) {
    const dispatch = runtime.dispatchFor(group);
    app.route({
      method: [...group.methods],
      url: group.fastifyPath,
      exposeHeadRoute: false,
      // Not async: handle() sends the reply itself, synchronously when nothing was asynchronous.
      handler: (request, reply) => runtime.handle(request, reply, dispatch),
    });
  }
  const unrouted = (request: FastifyRequest, reply: FastifyReply) =>
    runtime.handle(request, reply, runtime.findAnyMethod(pathOf(request.url)));
  // Paths no route claims go to traversal through an ordinary catch-all route (Fastify's
  // not-found path costs more per request); routes, static or not, still win over it.
  if (!groups.some((group) => group.fastifyPath === '/*')) {
    app.route({ method: [...ALL_METHODS], url: '/*', exposeHeadRoute: false, handler: unrouted });
  }
  app.setNotFoundHandler(async (request, reply) => {
    await unrouted(request, reply);
    return reply;
  });
  app.setErrorHandler(async (error, request, reply) => {
    await runtime.handleFrameworkError(request, reply, error);
    return reply;
  });
  await app.ready();
  await registry.notify(new ApplicationCreated(app));
  return app;
}
