// The one place where committed configuration becomes a Fastify instance: routes, hooks, handlers.
import formbody from '@fastify/formbody';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { registerStaticViews } from '../assets/static-views.js';
import { excviewTween } from '../dispatch/excview-tween.js';
import { edgeHook } from '../dispatch/host-check.js';
import { ownRoute, placeHostCheck } from '../dispatch/host-check-placement.js';
import { REQUEST_OF } from '../dispatch/request-link.js';
import { ALL_METHODS, anyMethodIndex, type GroupDispatch, groupRoutes } from '../dispatch/route-groups.js';
import { Runtime } from '../dispatch/runtime.js';
import { installSubrequests } from '../dispatch/subrequest.js';
import { ApplicationCreated } from '../http/events.js';
import { REQUEST_ID_HEADER } from '../server/request-id.js';
import { logsRequests, requestLogOptions } from '../server/request-log.js';
import { withServerDefaults } from '../server/server-options.js';
import { STATE } from '../symbols.js';
import { ViewTable } from '../views/view-table.js';
import { makeRequestClass } from './factories.js';
import { recordFastifyRoutes } from './fastify-routes.js';
import type { Registry } from './registry.js';
import { logSettingsWarnings } from './settings-declarations.js';
import { buildTweenChain } from './tweens.js';
import { closeRateLimits } from './view-rate-limits.js';

/** makeApp's defaults under the caller's options; withServerDefaults adds safe timeouts and body limit. */
const DEFAULT_OPTIONS: FastifyServerOptions = {
  routerOptions: { maxParamLength: 1000 },
};

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * A plugin adding routes, in the app's own context (as fastify-plugin's skip-override does). The
 * routes are added by plugins of ROUTES_PER_PLUGIN routes: Fastify queues a task for each route in
 * the plugin that adds it, and a queue keeps every task it ever ran, for reuse, as long as its
 * plugin is kept (the root's and the last one's: for the app's life). The plugins run when the app
 * gets ready, after the error and not-found handlers are set, as the routes did when added from
 * the root.
 */
function routesPlugin(routed: readonly GroupDispatch[], runtime: Runtime) {
  const plugin = async (instance: FastifyInstance): Promise<void> => {
    for (const dispatch of routed) {
      const group = dispatch.group;
      instance.route(
        ownRoute({
          // The group's own array, shared by the routes with these methods (Fastify writes the
          // methods it normalises back into it, which leaves upper-case ones as they are).
          method: group.methods as string[],
          url: group.fastifyPath,
          exposeHeadRoute: false,
          // Not async: handle() sends the reply itself, synchronously when nothing was asynchronous.
          handler: (request, reply) => runtime.handle(request, reply, dispatch),
        }),
      );
    }
  };
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}

const ROUTES_PER_PLUGIN = 500;

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
  const excview = excviewTween(exceptionViews);
  const chain = buildTweenChain(state, excview, runtime.main, registry);
  runtime.setHandler(chain.handler, chain.onlyExcview ? excview : null);
  const groups = groupRoutes(state.routes.values(), state.views);
  runtime.findAnyMethod = anyMethodIndex(groups);

  const logs = logsRequests(options);
  const app = Fastify({
    ...(logs ? requestLogOptions(options) : {}),
    ...withServerDefaults({ ...DEFAULT_OPTIONS, ...options }),
    routerOptions: { ...DEFAULT_OPTIONS.routerOptions, ...options.routerOptions },
    frameworkErrors:
      options.frameworkErrors ??
      ((error, request, reply) => runtime.handleFrameworkError(request, reply, error)),
  });
  REGISTRIES.set(app, registry);
  if (logs) {
    // The request log reads each request's route, view and user from its Request once answered.
    app.decorateRequest(REQUEST_OF, null);
    runtime.linkRequests();
  }
  // First of all, for every request (static files included): refuse a bad or unlisted Host (and, with
  // the request log, send the request id back in X-Request-Id).
  const hostCheck = edgeHook(
    runtime,
    state.allowedHosts,
    options.trustProxy,
    logs ? REQUEST_ID_HEADER : null,
  );
  placeHostCheck(app, hostCheck, runtime);
  await app.register(formbody);
  app.addHook('onClose', () => closeRateLimits(state));
  await registerStaticViews(app, registry);
  recordFastifyRoutes(app);
  for (const configure of state.fastifyConfigurers) await configure(app, registry);
  // Each dispatch knows its group: kept for subrequests, a list of pairs would cost a pair per route.
  const routed = groups.map((group) => runtime.dispatchFor(group));
  for (let start = 0; start < routed.length; start += ROUTES_PER_PLUGIN)
    void app.register(routesPlugin(routed.slice(start, start + ROUTES_PER_PLUGIN), runtime));
  const unrouted = (request: FastifyRequest, reply: FastifyReply) =>
    runtime.handle(request, reply, runtime.findAnyMethod(pathOf(request.url)));
  // Paths no route claims go to traversal through an ordinary catch-all route (Fastify's
  // not-found path costs more per request); routes, static or not, still win over it.
  if (!groups.some((group) => group.fastifyPath === '/*')) {
    app.route(ownRoute({ method: [...ALL_METHODS], url: '/*', exposeHeadRoute: false, handler: unrouted }));
  }
  app.setNotFoundHandler(async (request, reply) => {
    await unrouted(request, reply);
    return reply;
  });
  app.setErrorHandler(async (error, request, reply) => {
    await runtime.handleFrameworkError(request, reply, error);
    return reply;
  });
  installSubrequests(app, runtime, routed);
  await app.ready();
  logSettingsWarnings(state, app);
  await registry.notify(new ApplicationCreated(app));
  return app;
}
