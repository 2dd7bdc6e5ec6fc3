// Static views for introspection: listed, and which one (and which file) would answer a path.
import { realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import FindMyWay from 'find-my-way';
import { fileOverridesWithin } from '../assets/asset-paths.js';
import { staticRoots } from '../assets/static-views.js';
import type { StaticViewEntry } from '../config/assets.js';
import type { Registry } from '../config/registry.js';
import type { ConfigState } from '../config/state.js';
import { groupRoutes } from '../dispatch/route-groups.js';
import {
  type Introspectable,
  type StaticViewCheck,
  type StaticViewDescription,
  stateOf,
} from './describe.js';

function describeStatic(view: StaticViewEntry): StaticViewDescription {
  return {
    name: view.name,
    pattern: view.prefix === null ? null : `/${view.prefix}/*subpath`,
    url: view.url,
    directory: view.directory,
    location: view.site.location,
  };
}

/**
 * The committed static views in registration order: each one's URL pattern (null for one that only
 * makes URLs on another host), its directory and where it was added.
 * @example listStaticViews(app).map((view) => `${view.pattern} ${view.directory}`)
 */
export function listStaticViews(target: Introspectable): StaticViewDescription[] {
  return stateOf(target).state.staticViews.map(describeStatic);
}

interface Found {
  readonly view: StaticViewEntry;
  /** The file override's target, for a path an overrideAsset of one file serves. */
  readonly file?: string;
}

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;

/** Add a path; the first of two identical ones stays, as the app that committed could only have one. */
function add(router: Router, method: string, path: string, store: Found | null): void {
  try {
    router.on(method as 'GET', path, () => {}, store);
  } catch {
    // A duplicate: Fastify would have refused it when the app was built.
  }
}

/**
 * Which static view Fastify's router would pick for `path`: the static views and the routes go into one
 * router of the same kind (find-my-way), so a route such as `/static/{name}` beats `/static/*`, as it
 * does when serving.
 */
function routerPick(registry: Registry, state: ConfigState, method: string, path: string): Found | null {
  const router = FindMyWay({ maxParamLength: 1000 });
  for (const group of groupRoutes(state.routes.values(), state.views)) {
    if (group.methods.includes(method)) add(router, method, group.fastifyPath, null);
  }
  for (const view of state.staticViews) {
    if (view.prefix === null) continue;
    add(router, method, `/${view.prefix}/*`, { view });
    for (const override of fileOverridesWithin(registry, view.directory)) {
      const file = relative(view.directory, override.from).split(sep).join('/');
      add(router, method, `/${view.prefix}/${file}`, { view, file: override.to });
    }
  }
  return (router.find(method as 'GET', path)?.store as Found | null | undefined) ?? null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function inside(root: string, file: string): boolean {
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(file);
    return real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  } catch {
    return false;
  }
}

/** The file a static view sends for the rest of the path, as @fastify/static finds it; null: 404. */
function fileFor(registry: Registry, view: StaticViewEntry, rest: string): string | null {
  let segments: string[];
  try {
    segments = rest.split('/').map(decodeURIComponent);
  } catch {
    return null;
  }
  // Dot files and `..` are never served (the static view ignores dot files).
  if (segments.some((segment) => segment.startsWith('.') || segment.includes('/'))) return null;
  for (const root of staticRoots(registry, view)) {
    const file = join(root, ...segments);
    if (isFile(file) && (view.followSymlinks || inside(root, file))) return file;
  }
  return null;
}

/**
 * The static view that answers `method path` (GET and HEAD only), with the file it would send, or
 * null when a route or traversal answers instead.
 * @example matchStaticView(app, 'GET', '/static/site.css')?.file // '/srv/app/static/site.css'
 */
export function matchStaticView(
  target: Introspectable,
  method: string,
  path: string,
): StaticViewCheck | null {
  const { registry, state } = stateOf(target);
  if ((method !== 'GET' && method !== 'HEAD') || state.staticViews.length === 0) return null;
  const found = routerPick(registry, state, method, path);
  if (found === null) return null;
  const rest = path.slice(`/${found.view.prefix}/`.length);
  return { ...describeStatic(found.view), file: found.file ?? fileFor(registry, found.view, rest) };
}
