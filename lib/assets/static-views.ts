// Static views: directories served through @fastify/static, URLs for them, and content-hash cache busting.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { StaticViewEntry } from '../config/assets.js';
import type { Registry } from '../config/registry.js';
import { ZigguratError } from '../errors.js';
import type { Request } from '../http/request.js';
import { STATE } from '../symbols.js';
import { quoteSegment } from '../urldispatch/quote.js';
import { asDirectory, assetPath, directoryOverridesOf, fileOverridesWithin } from './asset-paths.js';

const ONE_YEAR = 365 * 24 * 3600;
const hashCache = new WeakMap<StaticViewEntry, Map<string, string>>();

/** The directories a static view serves from, highest priority first (overrides, then its own). */
export function staticRoots(registry: Registry, view: StaticViewEntry): string[] {
  const roots = [...directoryOverridesOf(registry, view.directory), view.directory];
  return [...new Set(roots)].filter((root) => existsSync(root) && statSync(root).isDirectory());
}

function listFiles(root: string, below = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, below), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = below === '' ? entry.name : `${below}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(root, path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

function contentHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
}

/** Hashes of the files a static view serves, by path relative to it; computed once. */
export function staticHashes(registry: Registry, view: StaticViewEntry): Map<string, string> {
  let hashes = hashCache.get(view);
  if (hashes) return hashes;
  hashes = new Map();
  for (const root of staticRoots(registry, view).reverse()) {
    for (const file of listFiles(root)) hashes.set(file, contentHash(join(root, file)));
  }
  for (const override of fileOverridesWithin(registry, view.directory)) {
    hashes.set(relative(view.directory, override.from).split(sep).join('/'), contentHash(override.to));
  }
  hashCache.set(view, hashes);
  return hashes;
}

function fileOfUrl(view: StaticViewEntry, url: URL): string | null {
  const prefix = `/${view.prefix}/`;
  if (!url.pathname.startsWith(prefix)) return null;
  try {
    return decodeURIComponent(url.pathname.slice(prefix.length));
  } catch {
    return null;
  }
}

/** One year and immutable for a URL that carries the file's current hash; cacheMaxAge otherwise. */
function cacheControl(registry: Registry, view: StaticViewEntry, rawUrl: string): string {
  if (view.cacheBust) {
    const url = new URL(rawUrl, 'http://localhost');
    const file = fileOfUrl(view, url);
    const token = url.searchParams.get('v');
    if (file !== null && token !== null && staticHashes(registry, view).get(file) === token) {
      return `public, max-age=${ONE_YEAR}, immutable`;
    }
  }
  return `public, max-age=${view.cacheMaxAge}`;
}

/**
 * Cache-Control for a file @fastify/static actually sends from the directory. Set there, and not in
 * an onSend hook of the view's scope, because that scope also answers what the directory refuses or
 * lacks (Fastify's not-found handler, the app's own views and redirects): those must not be cached.
 */
function cacheHeaders(registry: Registry, view: StaticViewEntry) {
  return (res: { setHeader(name: string, value: string): unknown }) => {
    const url = (res as unknown as ServerResponse).req?.url ?? '';
    res.setHeader('cache-control', cacheControl(registry, view, url));
  };
}

/**
 * Whether a file stays inside the directory it is served from once symbolic links are resolved:
 * a link out of it answers 404. One realpath per file served; missing files pass, for @fastify/static
 * to answer (or to look for in the next directory).
 */
function staysInside(): (pathname: string, root: string) => boolean {
  const realRoots = new Map<string, string>();
  return (pathname, root) => {
    let target: string;
    let realRoot = realRoots.get(root);
    try {
      if (realRoot === undefined) realRoots.set(root, (realRoot = realpathSync.native(root)));
    } catch {
      return false;
    }
    try {
      target = realpathSync.native(join(root, pathname));
    } catch {
      return true;
    }
    return target === realRoot || target.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  };
}

async function serveStaticView(
  scope: FastifyInstance,
  registry: Registry,
  view: StaticViewEntry,
  prefix: string,
): Promise<void> {
  const roots = staticRoots(registry, view);
  const inside = view.followSymlinks ? undefined : staysInside();
  // Loaded by the apps that serve files, not by every app that imports Ziggurat.
  const { default: fastifyStatic } = await import('@fastify/static');
  await scope.register(fastifyStatic, {
    root: roots.length === 1 ? (roots[0] as string) : roots,
    prefix: `/${prefix}/`,
    index: false,
    redirect: false,
    cacheControl: false,
    serveDotFiles: false,
    dotfiles: 'ignore',
    setHeaders: cacheHeaders(registry, view),
    ...(inside === undefined ? {} : { allowedPath: inside }),
  });
  for (const override of fileOverridesWithin(registry, view.directory)) {
    const file = relative(view.directory, override.from).split(sep).join('/');
    scope.get(`/${prefix}/${file.split('/').map(quoteSegment).join('/')}`, (_request, reply) =>
      reply.sendFile(basename(override.to), dirname(override.to), { cacheControl: false }),
    );
  }
}

/** Register every local static view on the app (before it is ready), each in its own scope. */
export async function registerStaticViews(app: FastifyInstance, registry: Registry): Promise<void> {
  for (const view of registry[STATE].staticViews) {
    if (view.cacheBust) staticHashes(registry, view);
    const prefix = view.prefix;
    if (prefix === null) continue;
    await app.register(async (scope) => serveStaticView(scope, registry, view, prefix));
  }
}

/** What staticUrl matches against: each view's URL name and its directory, longest first. */
interface StaticLookup {
  readonly count: number;
  readonly byName: ReadonlyArray<readonly [string, StaticViewEntry]>;
  readonly byDirectory: ReadonlyArray<readonly [string, StaticViewEntry]>;
}

const lookups = new WeakMap<readonly StaticViewEntry[], StaticLookup>();

function longestFirst(pairs: Array<[string, StaticViewEntry]>): Array<[string, StaticViewEntry]> {
  return pairs.sort((a, b) => b[0].length - a[0].length);
}

/** Sorted once per set of static views, not per URL (a template may ask for many). */
function lookupFor(views: readonly StaticViewEntry[]): StaticLookup {
  const cached = lookups.get(views);
  if (cached && cached.count === views.length) return cached;
  const lookup: StaticLookup = {
    count: views.length,
    byName: longestFirst(views.map((view) => [`${view.prefix ?? view.url ?? ''}/`, view])),
    byDirectory: longestFirst(views.map((view) => [asDirectory(view.directory), view])),
  };
  lookups.set(views, lookup);
  return lookup;
}

function findByName(lookup: StaticLookup, path: string): [StaticViewEntry, string] | null {
  for (const [name, view] of lookup.byName) {
    if (path.startsWith(name)) return [view, path.slice(name.length)];
  }
  return null;
}

function findByDirectory(lookup: StaticLookup, path: string): [StaticViewEntry, string] | null {
  for (const [directory, view] of lookup.byDirectory) {
    if (path.startsWith(directory)) return [view, relative(view.directory, path).split(sep).join('/')];
  }
  return null;
}

function locate(registry: Registry, path: string): [StaticViewEntry, string] {
  const views = registry[STATE].staticViews;
  const lookup = lookupFor(views);
  const isFilePath = path.startsWith('file:') || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
  const found =
    (isFilePath ? null : findByName(lookup, path.replace(/^\/+/, ''))) ??
    findByDirectory(lookup, assetPath(path));
  if (found === null) {
    throw new ZigguratError(
      'ZIG_ERR_NO_STATIC',
      `No static view serves '${path}': register one with addStaticView (known: ${views.map((view) => view.name).join(', ') || 'none'})`,
    );
  }
  return found;
}

/**
 * The URL of a static asset, given as the file's path (absolute, or relative to the working
 * directory) or as `<static view name>/<file>`.
 */
export function staticUrl(request: Request, path: string): string {
  const [view, file] = locate(request.registry, path);
  const quoted = file.split('/').map(quoteSegment).join('/');
  const base = view.url ?? `${request.applicationUrl}/${view.prefix}`;
  const hash = view.cacheBust ? staticHashes(request.registry, view).get(file) : undefined;
  return `${base}/${quoted}${hash === undefined ? '' : `?v=${hash}`}`;
}
