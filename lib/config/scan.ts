// config.scan: find classes declared with Ziggurat's decorators in classes, modules and directories,
// and register what they declare through the ordinary directives.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CallSite } from '../declarative/call-site.js';
import {
  type DeclaredView,
  declaredSubscriber,
  declaredViews,
  isDeclared,
} from '../declarative/decorators.js';
import { ConfigurationError } from '../errors.js';
import type { Class } from '../types.js';
import type { ExceptionViewOptions, NotFoundViewOptions, SpecialViewOptions, ViewOptions } from './views.js';
import type { WebSocketViewOptions } from './websocket-views.js';

/** What config.scan accepts: a class, a module namespace (or any object of exports), or a path. */
export type ScanTarget = Function | URL | string | Readonly<Record<string, unknown>>;

/** The directives a scan registers through, each run as if called at `site`. */
export interface ScanRegistrar {
  readonly scanned: Set<Function>;
  at(site: CallSite, register: () => void): void;
  addView(view: Class, options: ViewOptions): void;
  addNotFoundView(view: Class, options: NotFoundViewOptions): void;
  addForbiddenView(view: Class, options: SpecialViewOptions): void;
  addExceptionView(view: Class, options: ExceptionViewOptions): void;
  addWebSocketView(view: Class, options: WebSocketViewOptions): void;
  addSubscriber(cls: Class, eventClass: Class): void;
}

const MODULE_FILE = /\.m?js$/;

function scanError(message: string, site: CallSite, cause?: unknown): ConfigurationError {
  return new ConfigurationError(`${message} (scan at ${site.location})`, { code: 'ZIG_ERR_SCAN', cause });
}

/** A declaration's options; the class's @viewDefaults go under them in the directive (as for addView). */
function optionsFor(declared: DeclaredView): Record<string, unknown> {
  const options = { ...declared.options };
  if (declared.method !== null) options.attr = declared.method;
  return options;
}

function registerView(registrar: ScanRegistrar, cls: Class, declared: DeclaredView): void {
  const options = optionsFor(declared);
  registrar.at(declared.site, () => {
    switch (declared.kind) {
      case 'view':
        return registrar.addView(cls, options as ViewOptions);
      case 'notFound':
        return registrar.addNotFoundView(cls, options as NotFoundViewOptions);
      case 'forbidden':
        return registrar.addForbiddenView(cls, options as SpecialViewOptions);
      case 'exception':
        return registrar.addExceptionView(cls, options as unknown as ExceptionViewOptions);
      case 'webSocket':
        return registrar.addWebSocketView(cls, options as WebSocketViewOptions);
    }
  });
}

/** Register what one class declares; a class scanned before is skipped. */
export function scanClass(registrar: ScanRegistrar, cls: Function): void {
  if (registrar.scanned.has(cls)) return;
  registrar.scanned.add(cls);
  for (const declared of declaredViews(cls)) registerView(registrar, cls as Class, declared);
  const subscriber = declaredSubscriber(cls);
  if (subscriber === null) return;
  registrar.at(subscriber.site.labelled(`@subscriber on ${cls.name}`), () => {
    for (const eventClass of subscriber.eventClasses) registrar.addSubscriber(cls as Class, eventClass);
  });
}

function scanExports(registrar: ScanRegistrar, exports: Readonly<Record<string, unknown>>): void {
  for (const value of Object.values(exports)) {
    if (isDeclared(value)) scanClass(registrar, value);
  }
}

async function moduleFiles(directory: string): Promise<string[]> {
  const entries: Dirent[] = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = resolve(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await moduleFiles(path)));
    else if (entry.isFile() && MODULE_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

async function importModule(file: string, site: CallSite): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw scanError(`Cannot import ${file} while scanning: ${reason}`, site, error);
  }
}

async function scanPath(registrar: ScanRegistrar, target: URL | string, site: CallSite): Promise<void> {
  const path = target instanceof URL ? fileURLToPath(target) : resolve(target);
  const info = await stat(path).catch((error: unknown) => {
    throw scanError(`Cannot scan ${path}: it does not exist`, site, error);
  });
  const files = info.isDirectory() ? await moduleFiles(path) : [path];
  for (const file of files) scanExports(registrar, await importModule(file, site));
}

/**
 * Scan the targets in order. Classes and module objects are registered at once; paths
 * (a directory: every .js module under it; or one file) are imported first.
 */
export async function scanTargets(
  registrar: ScanRegistrar,
  targets: readonly ScanTarget[],
  site: CallSite,
): Promise<void> {
  for (const target of targets) {
    if (typeof target === 'function') {
      if (!isDeclared(target))
        throw scanError(`${(target as Function).name} declares no views or subscribers`, site);
      scanClass(registrar, target);
    } else if (typeof target === 'string' || target instanceof URL) await scanPath(registrar, target, site);
    else if (target !== null && typeof target === 'object') scanExports(registrar, target);
    else throw scanError(`Cannot scan ${String(target)}: pass a class, a module or a path`, site);
  }
}
