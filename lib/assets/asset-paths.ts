// Asset paths and overrides: an app replaces an add-on's templates or static files with its own.
import { statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Registry } from '../config/registry.js';
import { STATE } from '../symbols.js';

/** A file or directory: an absolute path, a `file:` URL, or a path relative to the working directory. */
export type AssetPath = string | URL;

/** One recorded override: `from` (a file, or a directory ending in the separator) served from `to`. */
export interface AssetOverride {
  readonly from: string;
  readonly to: string;
  readonly directory: boolean;
}

/** The absolute path of an asset. */
export function assetPath(value: AssetPath): string {
  if (value instanceof URL) return fileURLToPath(value);
  if (value.startsWith('file:')) return fileURLToPath(value);
  return isAbsolute(value) ? resolve(value) : resolve(process.cwd(), value);
}

/** Whether a path names a directory (it exists as one, or is written with a trailing slash). */
export function isDirectoryPath(value: AssetPath): boolean {
  const text = value instanceof URL ? value.pathname : value;
  if (text.endsWith('/') || text.endsWith(sep)) return true;
  try {
    return statSync(assetPath(value)).isDirectory();
  } catch {
    return false;
  }
}

/** `path` with a trailing separator, for prefix tests that do not match `/a/bc` against `/a/b`. */
export function asDirectory(path: string): string {
  return path.endsWith(sep) ? path : `${path}${sep}`;
}

/**
 * Where to look for an asset, in order: what overrides name first (later overrides before earlier
 * ones), the asset itself last. A caller serves the first that exists.
 * @example const [first] = overriddenPaths(config.registry, '/app/node_modules/shop/templates/cart.hbs');
 */
export function overriddenPaths(registry: Registry, path: string): string[] {
  const candidates: string[] = [];
  const overrides = registry[STATE].assetOverrides;
  for (let i = overrides.length - 1; i >= 0; i--) {
    const override = overrides[i] as AssetOverride;
    if (override.directory) {
      const from = asDirectory(override.from);
      if (path === override.from) candidates.push(override.to);
      else if (path.startsWith(from)) candidates.push(asDirectory(override.to) + path.slice(from.length));
    } else if (path === override.from) {
      candidates.push(override.to);
    }
  }
  candidates.push(path);
  return candidates;
}

/** The overrides that replace files inside a directory one by one (for static views). */
export function fileOverridesWithin(registry: Registry, directory: string): AssetOverride[] {
  const inside = asDirectory(directory);
  return registry[STATE].assetOverrides.filter(
    (override) => !override.directory && override.from.startsWith(inside),
  );
}

/** The directories that override a directory (or one of its parents), highest priority first. */
export function directoryOverridesOf(registry: Registry, directory: string): string[] {
  return overriddenPaths(registry, asDirectory(directory))
    .slice(0, -1)
    .map((path) => (path.endsWith(sep) ? path.slice(0, -1) : path));
}
