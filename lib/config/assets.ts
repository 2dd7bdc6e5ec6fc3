// overrideAsset and addStaticView: recorded, then checked at commit.
import { statSync } from 'node:fs';
import { type AssetPath, assetPath, isDirectoryPath } from '../assets/asset-paths.js';
import type { CallSite } from '../declarative/call-site.js';
import { ConfigurationError } from '../errors.js';
import { PHASE } from './actions.js';
import type { ConfigContext } from './context.js';
import { replaceCommitted } from './overrides.js';

/** Options of addStaticView. */
export interface StaticViewOptions {
  /** Seconds browsers may cache a file (default 3600). */
  cacheMaxAge?: number;
  /**
   * Add a content hash to generated URLs (`?v=…`, computed once at start-up); a request that
   * carries the current hash is answered with a one-year, immutable cache lifetime.
   */
  cacheBust?: boolean;
  /**
   * Also serve files reached through symbolic links that lead outside the directory (default
   * false: such a link answers 404; links that stay inside the directory are always followed).
   */
  followSymlinks?: boolean;
}

/** A committed static view. */
export interface StaticViewEntry {
  /** The name as given: a URL prefix (`static`) or an absolute URL (a CDN). */
  readonly name: string;
  /** The URL path prefix without slashes (`static`, `assets/v1`), or null for an absolute URL. */
  readonly prefix: string | null;
  /** The absolute URL of a CDN, or null. */
  readonly url: string | null;
  /** The directory, absolute, as registered (overrides are applied when serving). */
  readonly directory: string;
  readonly cacheMaxAge: number;
  readonly cacheBust: boolean;
  readonly followSymlinks: boolean;
  readonly site: CallSite;
}

function checkDirectory(directory: string, what: string, site: CallSite): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) {
    throw new ConfigurationError(`${what}: ${directory} is not a directory, at ${site.location}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Record a static view serving `path` under the URL prefix `name` (or generating URLs on a CDN). */
export function addStaticView(
  ctx: ConfigContext,
  name: string,
  path: AssetPath,
  options: StaticViewOptions = {},
): void {
  if (typeof name !== 'string' || name.replace(/^\/+|\/+$/g, '') === '') {
    throw new ConfigurationError(
      `addStaticView needs a name (a URL prefix or an absolute URL) at ${ctx.site}`,
      {
        code: 'ZIG_ERR_CONFIG_OPTION',
      },
    );
  }
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(name) || name.startsWith('//');
  const prefix = isUrl ? null : name.replace(/^\/+|\/+$/g, '');
  const entry: StaticViewEntry = {
    name,
    prefix,
    url: isUrl ? name.replace(/\/+$/, '') : null,
    directory: assetPath(path),
    cacheMaxAge: options.cacheMaxAge ?? 3600,
    cacheBust: options.cacheBust ?? false,
    followSymlinks: options.followSymlinks ?? false,
    site: ctx.site,
  };
  ctx.record(`static view '${prefix ?? entry.url}'`, () => {
    checkDirectory(entry.directory, `addStaticView('${name}')`, ctx.site);
    const key = prefix ?? entry.url;
    replaceCommitted(ctx.state.staticViews, entry, (view) => (view.prefix ?? view.url) === key);
  });
}

/** Record that `from` (a file or directory, typically an add-on's) is to be served from `to`. */
export function overrideAsset(ctx: ConfigContext, from: AssetPath, to: AssetPath): void {
  const source = assetPath(from);
  const target = assetPath(to);
  const directory = isDirectoryPath(from);
  ctx.record(
    `asset override of ${source}`,
    () => {
      if (!exists(target)) {
        throw new ConfigurationError(`overrideAsset: ${target} does not exist, at ${ctx.site.location}`, {
          code: 'ZIG_ERR_CONFIG_OPTION',
        });
      }
      if (directory !== isDirectoryPath(to)) {
        throw new ConfigurationError(
          `overrideAsset: ${source} and ${target} must both be directories or both files, at ${ctx.site.location}`,
          { code: 'ZIG_ERR_CONFIG_OPTION' },
        );
      }
      ctx.state.assetOverrides.push({ from: source, to: target, directory });
    },
    PHASE.EXTENSIONS,
  );
}
