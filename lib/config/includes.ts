// The ziggurat.includes setting: add-ons named by module, included when the Configurator is made (Pyramid's pyramid.includes).
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ZigguratError } from '../errors.js';
import { asList } from '../settings/values.js';
import type { Settings } from '../types.js';
import type { Includable } from './include.js';

function includesError(name: string, base: string, reason: string, cause?: unknown): ZigguratError {
  return new ZigguratError(
    'ZIG_ERR_INCLUDES',
    `ziggurat.includes: cannot include '${name}' (resolved from ${base}): ${reason}`,
    { cause },
  );
}

/** A module name as a URL to import: a path relative to `base`, or a package resolved from `base`. */
export function resolveModule(name: string, base: string): string {
  if (isAbsolute(name)) return pathToFileURL(name).href;
  if (name.startsWith('./') || name.startsWith('../')) return pathToFileURL(resolve(base, name)).href;
  try {
    return pathToFileURL(createRequire(join(base, 'noop.js')).resolve(name)).href;
  } catch (error) {
    throw includesError(name, base, 'no such module', error);
  }
}

async function importAddon<C>(name: string, base: string): Promise<Includable<C>> {
  const url = resolveModule(name, base);
  let module: { includeme?: unknown; default?: unknown };
  try {
    module = await import(url);
  } catch (error) {
    throw includesError(name, base, (error as Error).message ?? String(error), error);
  }
  const includeme = typeof module.includeme === 'function' ? module.includeme : module.default;
  if (typeof includeme !== 'function') throw includesError(name, base, 'the module exports no includeme');
  return includeme as Includable<C>;
}

/**
 * The add-ons the `ziggurat.includes` setting names (a list, or a string split on commas and
 * whitespace), as one include: each is resolved from `settings.here` (the settings file's
 * directory), else the working directory, imported and included in order. Null when there are none.
 */
export function includesFromSettings<C extends { include(addon: Includable<C>): Promise<void> }>(
  settings: Settings,
): ((config: C) => Promise<void>) | null {
  const names = asList(settings['ziggurat.includes']);
  if (names.length === 0) return null;
  const base = typeof settings.here === 'string' ? settings.here : process.cwd();
  return async function zigguratIncludes(config: C): Promise<void> {
    for (const name of names) await config.include(await importAddon<C>(name, base));
  };
}
