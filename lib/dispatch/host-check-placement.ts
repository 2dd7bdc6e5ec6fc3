// Where the Host check runs. A refused Host must reach nothing of the app, yet as a Fastify
// onRequest hook on every route the check costs Fastify's hook runner on every request. So each
// route gets it in the cheapest place that still comes first: Ziggurat's own routes in their
// handler (nothing runs before it but Fastify's body parsing, whose errors are answered with the
// Host refusal first), every other route (static files, routes a plugin adds) as its first
// route-level onRequest hook, and wherever a plugin adds a hook that runs before handlers, as a
// hook of that context added just before it.
import type { FastifyInstance, onRequestHookHandler, RouteOptions } from 'fastify';
import type { Runtime } from './runtime.js';

/** Marks the options of the routes Ziggurat's dispatch handles: their handler checks the Host. */
const OWN_ROUTE: unique symbol = Symbol('ziggurat.own-route');

/** `options`, marked as a route Ziggurat's dispatch handles (Fastify keeps the mark through its copy). */
export function ownRoute<T extends RouteOptions>(options: T): T {
  return Object.assign(options, { [OWN_ROUTE]: true });
}

/** Whether `route` (options as an onRoute hook gets them) is one of the routes Ziggurat's dispatch handles. */
export function isOwnRoute(route: RouteOptions): boolean {
  return (route as { [OWN_ROUTE]?: boolean })[OWN_ROUTE] === true;
}

/** The hooks that run before a route's handler: none may see a request with a refused Host. */
const BEFORE_HANDLER: ReadonlySet<string> = new Set([
  'onRequest',
  'preParsing',
  'preValidation',
  'preHandler',
]);

type AddHook = (this: FastifyInstance, name: string, hook: unknown) => FastifyInstance;

/**
 * Place `check` (the Host check as an onRequest hook; with the request log on it also sends X-Request-Id)
 * on `app` before any plugin or route is added.
 * Every context a plugin makes inherits the app's addHook, so the guard sees the hooks of them all.
 */
export function placeHostCheck(app: FastifyInstance, check: onRequestHookHandler, runtime: Runtime): void {
  runtime.checkHostsInHandler(true);
  const guarded = new WeakSet<FastifyInstance>();
  const addHook = app.addHook as unknown as AddHook;
  const guardedAddHook: AddHook = function (this: FastifyInstance, name, hook) {
    if (BEFORE_HANDLER.has(name) && hook !== check && !guarded.has(this)) {
      guarded.add(this);
      addHook.call(this, 'onRequest', check);
      // The app's own context has the hook now: its routes need not check again in the handler.
      if (this === app) runtime.checkHostsInHandler(false);
    }
    return addHook.call(this, name, hook);
  };
  (app as unknown as { addHook: AddHook }).addHook = guardedAddHook;
  app.addHook('onRoute', (route: RouteOptions) => {
    if (isOwnRoute(route)) return;
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    if (!own.includes(check)) route.onRequest = [check, ...own];
  });
}
