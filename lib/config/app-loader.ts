// loadApp: a settings file's app, made ready: import `use`, call main(settings), make the Fastify instance.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { ZigguratError } from '../errors.js';
import { namespaceLevels } from '../server/log-levels.js';
import { serverOptions } from '../server/server-options.js';
import { readSettingsFileLines } from '../settings/key-lines.js';
import { type LoggingSettings, loadSettings, type SettingsFile } from '../settings/settings-file.js';
import { findTsconfig } from '../settings/typescript-project.js';
import { markSettingsSource, settingsFileWarnings } from '../settings/unknown-settings.js';
import type { Settings } from '../types.js';
import { registryOf } from './app-builder.js';
import type { LoadedApp } from './commands.js';
import { Registry } from './registry.js';
import { addSettingsFileWarnings } from './settings-declarations.js';

/** Options of loadApp. */
export interface LoadAppOptions {
  /** The environment that overrides settings (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Fastify's logger option; default: from the `[logging]` section. `false` for quiet tools. */
  logger?: FastifyServerOptions['logger'];
}

type Main = (settings: Settings) => unknown;
interface ConfiguratorLike {
  registry: Registry;
  makeApp(options?: FastifyServerOptions): Promise<FastifyInstance>;
}

function useError(file: SettingsFile, message: string, cause?: unknown): ZigguratError {
  return new ZigguratError('ZIG_ERR_SETTINGS_USE', `${file.file}: use = ${file.use}: ${message}`, { cause });
}

/**
 * A TypeScript app whose compiled module is missing has not been built yet (a command run straight after
 * `npm install`): say that, rather than Node's "Cannot find module".
 */
function checkBuilt(file: SettingsFile): void {
  if (existsSync(file.use)) return;
  const tsconfig = findTsconfig(file.file);
  if (tsconfig === undefined) return;
  throw useError(
    file,
    `the app is not built yet (no such file): run \`npm run build\` first (it compiles ${relative(file.here, tsconfig)})`,
  );
}

async function importMain(file: SettingsFile): Promise<Main> {
  checkBuilt(file);
  let module: { main?: unknown };
  try {
    module = await import(pathToFileURL(file.use).href);
  } catch (error) {
    throw useError(file, `cannot import it (${(error as Error).message ?? error})`, error);
  }
  if (typeof module.main !== 'function')
    throw useError(file, 'the module exports no main(settings) function');
  return module.main as Main;
}

/** Fastify's `logger` option as an object (pino's options). */
export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/**
 * Fastify's logger options for a `[logging]` section: pino at `level` (JSON lines), through pino-pretty
 * when `pretty` is true (development), with the `levels` of logger namespaces applied to named children.
 * @example await config.makeApp({ logger: await loggerOptions({ level: 'info', pretty: true, levels: { 'ziggurat.addons.sql': 'debug' } }) });
 */
export async function loggerOptions(logging: LoggingSettings): Promise<LoggerOptions> {
  const levels = logging.levels ?? {};
  const options = {
    level: logging.level,
    ...(Object.keys(levels).length === 0 ? {} : { onChild: namespaceLevels(levels) }),
  };
  if (!logging.pretty) return options;
  const { default: pretty } = await import('pino-pretty');
  return { ...options, stream: pretty({ translateTime: 'HH:MM:ss', ignore: 'pid,hostname' }) };
}

function isConfigurator(value: unknown): value is ConfiguratorLike {
  const candidate = value as Partial<ConfiguratorLike> | null;
  return typeof candidate?.makeApp === 'function' && typeof candidate.registry === 'object';
}

function isFastify(value: unknown): value is FastifyInstance {
  const candidate = value as Partial<FastifyInstance> | null;
  return typeof candidate?.inject === 'function' && typeof candidate.listen === 'function';
}

/**
 * The error for an app made with another copy of Ziggurat than the one loading it (a globally installed
 * `ziggurat` command, the app's own in node_modules): the copies' classes and symbols differ, so this
 * one cannot read what the other made.
 */
function anotherCopy(file: SettingsFile, what: string): ZigguratError {
  const here = fileURLToPath(new URL('../', import.meta.url));
  return new ZigguratError(
    'ZIG_ERR_SETTINGS_MAIN',
    `${file.file}: main(settings) of ${file.use} returned ${what} made with another copy of Ziggurat than the one loading it (${here}): run the ziggurat command the app's project installs (npx ziggurat), and import 'ziggurat' from that same package`,
  );
}

async function appFrom(
  result: unknown,
  file: SettingsFile,
  options: LoadAppOptions,
): Promise<{ app: FastifyInstance; registry: Registry | undefined }> {
  if (isConfigurator(result)) {
    if (!(result.registry instanceof Registry)) throw anotherCopy(file, 'a Configurator');
    const logger = options.logger ?? (await loggerOptions(file.logging));
    return {
      app: await result.makeApp({ ...serverOptions(file.server), logger }),
      registry: result.registry,
    };
  }
  if (isFastify(result)) return { app: result, registry: registryOf(result) };
  throw new ZigguratError(
    'ZIG_ERR_SETTINGS_MAIN',
    `${file.file}: main(settings) of ${file.use} must return (or resolve to) a Configurator or a Fastify instance made by makeApp(), got ${typeof result}`,
  );
}

/**
 * Load the app a settings file names: read the file (with environment overrides), import `use`,
 * call its `main(settings)` and make the app (not listening) with the `[server]` section's Fastify
 * options (`serverOptions`: proxies, timeouts, body limit) and the `[logging]` section's logger; a
 * `main` that returns an app it made itself keeps its own options. `close()` closes it and its add-ons.
 * Settings nothing reads (unknown sections, `[logging]` keys, undeclared keys of a declared namespace)
 * are logged as warnings naming the file and line (`registry.settingsWarnings` lists them).
 * @example
 * const { app, close } = await loadApp('development.ini', { logger: false });
 * console.log((await app.inject('/')).statusCode);
 * await close();
 */
export async function loadApp(file: string, options: LoadAppOptions = {}): Promise<LoadedApp> {
  const settingsFile = loadSettings(file, options.env);
  const lines = readSettingsFileLines(settingsFile.file);
  const fileWarnings = settingsFileWarnings(settingsFile.file, lines);
  const main = await importMain(settingsFile);
  const settings: Settings = { ...settingsFile.app };
  // Commit then names the line of an unknown [app] key, and reports the file's own warnings.
  markSettingsSource(settings, settingsFile.file, lines, fileWarnings);
  const { app, registry } = await appFrom(await main(settings), settingsFile, options);
  if (registry === undefined) {
    await app.close();
    throw new ZigguratError(
      'ZIG_ERR_SETTINGS_MAIN',
      `${settingsFile.file}: main(settings) returned a Fastify instance that makeApp() did not make (made by Fastify itself, or by another copy of Ziggurat than the one loading it)`,
    );
  }
  addSettingsFileWarnings(registry, app, fileWarnings);
  return { settings: registry.settings, registry, app, settingsFile, close: () => app.close() };
}
