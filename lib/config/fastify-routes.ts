// The routes added to an app's Fastify instance beside Ziggurat's own (by a configureFastify step: an
// add-on's health endpoints, a Fastify plugin's pages): recorded as they are added, so that
// `ziggurat routes` and listFastifyRoutes show every URL the app answers.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { isOwnRoute } from '../dispatch/host-check-placement.js';

/** Each recorded URL (Fastify's path syntax) with its methods, in the order first added. */
type Recorded = Map<string, Set<string>>;

const RECORDED = new WeakMap<FastifyInstance, Recorded>();

/**
 * From now on, record the routes added to `app` that Ziggurat's dispatch does not handle. Called after
 * the static views are registered (they are listed as static views) and before the configureFastify steps.
 */
export function recordFastifyRoutes(app: FastifyInstance): void {
  const recorded: Recorded = new Map();
  RECORDED.set(app, recorded);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (isOwnRoute(route)) return;
    let methods = recorded.get(route.url);
    if (methods === undefined) recorded.set(route.url, (methods = new Set()));
    for (const method of [route.method].flat()) methods.add(method);
  });
}

/** The routes recorded for `app`, each URL with its methods (empty for an app makeApp did not build). */
export function recordedFastifyRoutes(app: FastifyInstance): Array<{ url: string; methods: string[] }> {
  return [...(RECORDED.get(app) ?? [])].map(([url, methods]) => ({ url, methods: [...methods] }));
}
