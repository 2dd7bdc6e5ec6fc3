// Settings files (development.ini, production.ini): parsing, %(here)s interpolation and environment overrides.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'ini';
import { ZigguratError } from '../errors.js';
import type { Settings } from '../types.js';
import { readSettingsFileLines } from './key-lines.js';
import { type ServerSettings, serverSettingsOf } from './server-section.js';
import { isLoggerNamespace } from './unknown-settings.js';
import { envValue } from './values.js';

/** The `[logging]` section, after environment overrides. */
export interface LoggingSettings {
  level: string;
  pretty: boolean;
  /**
   * Levels by logger namespace: every other key of the section (`ziggurat.addons.sql = debug`). A child
   * logger with that `name` binding (or a name below it) logs at that level.
   */
  levels?: Readonly<Record<string, string>>;
}

/** A parsed settings file. */
export interface SettingsFile {
  /** The settings file's absolute path. */
  file: string;
  /** The settings file's directory (`%(here)s`). */
  here: string;
  /** The absolute path of the app module named by `use`. */
  use: string;
  /**
   * The app settings passed to `main(settings)`: every `[app]` key but `use`, as strings, plus `here`
   * and `__file__` (the settings file's path, as Pyramid's `global_conf` has it).
   */
  app: Settings;
  server: ServerSettings;
  logging: LoggingSettings;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The environment variable that overrides an `[app]` setting: its upper-snake name.
 * @example envNameOf('sql.url') // 'SQL_URL'
 */
export function envNameOf(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}

function fileError(message: string, cause?: unknown): ZigguratError {
  return new ZigguratError('ZIG_ERR_SETTINGS_FILE', message, { cause });
}

function valueError(file: string, message: string): ZigguratError {
  return new ZigguratError('ZIG_ERR_SETTINGS_VALUE', `${file}: ${message}`);
}

function readIni(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw fileError(`The settings file ${file} ${reason}`, error);
  }
  return parse(text) as Record<string, unknown>;
}

/** Replace `%(here)s` and `%(__file__)s`, as Pyramid's PasteDeploy does; any other name is an error. */
function interpolate(value: string, vars: Record<string, string>, where: string): string {
  return value.replace(/%\(([^)]*)\)s/g, (_, name: string) => {
    const found = vars[name];
    if (found === undefined) {
      throw fileError(`${where}: unknown %(${name})s (known: ${Object.keys(vars).join(', ')})`);
    }
    return found;
  });
}

/** A section's values as strings (ini turns `true` into a boolean; settings files promise strings). */
function sectionOf(
  parsed: Record<string, unknown>,
  name: string,
  vars: Record<string, string>,
  file: string,
): Record<string, string> {
  const raw = parsed[name];
  const result: Record<string, string> = {};
  if (raw === null || typeof raw !== 'object') return result;
  for (const [key, value] of Object.entries(raw)) {
    if (value !== null && typeof value === 'object') continue;
    result[key] = interpolate(String(value ?? ''), vars, `${file} [${name}] ${key}`);
  }
  return result;
}

/** Override each declared key by its environment variable. */
function overridden(
  section: Record<string, string>,
  env: NodeJS.ProcessEnv,
  nameOf: (key: string) => string | undefined,
): Record<string, string> {
  const result = { ...section };
  for (const key of Object.keys(section)) {
    const name = nameOf(key);
    const value = name === undefined ? undefined : envValue(env, name);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function levelIn(value: string, key: string, file: string): string {
  const level = value.trim().toLowerCase();
  if (!LEVELS.includes(level)) {
    throw valueError(file, `[logging] ${key} must be one of ${LEVELS.join(', ')}, got '${level}'`);
  }
  return level;
}

function loggingOf(section: Record<string, string>, env: NodeJS.ProcessEnv, file: string): LoggingSettings {
  const level = levelIn(envValue(env, 'LOG_LEVEL') ?? section.level ?? 'info', 'level', file);
  const pretty = (envValue(env, 'LOG_PRETTY') ?? section.pretty ?? 'false').trim().toLowerCase();
  const levels: Record<string, string> = {};
  for (const [key, value] of Object.entries(section)) {
    if (isLoggerNamespace(key)) levels[key] = levelIn(value, key, file);
  }
  return { level, pretty: ['true', 'yes', 'on', '1'].includes(pretty), levels };
}

/**
 * Read a settings file: the `[app]` section (with `use`), `[server]` and `[logging]` (its `level`,
 * `pretty`, and a level per logger namespace: `ziggurat.addons.sql = debug`). Values may use
 * `%(here)s` (the file's directory). Environment variables override: an `[app]` key by its upper-snake
 * name (`sql.url` ← `SQL_URL`), a `[server]` key by its upper-case name (`PORT`, `TRUST_PROXY`...),
 * logging by `LOG_LEVEL`, `LOG_PRETTY`.
 * @example
 * const { app, server } = loadSettings('development.ini');
 * console.log(app['sql.url'], server.port);
 */
export function loadSettings(file: string, env: NodeJS.ProcessEnv = process.env): SettingsFile {
  const path = resolve(file);
  const here = dirname(path);
  const parsed = readIni(path);
  if (parsed.app === null || typeof parsed.app !== 'object') {
    throw fileError(`The settings file ${path} has no [app] section`);
  }
  const vars = { here, __file__: path };
  const appSection = overridden(sectionOf(parsed, 'app', vars, path), env, (key) =>
    key === 'use' ? undefined : envNameOf(key),
  );
  const { use, ...settings } = appSection;
  if (use === undefined || use.trim() === '') {
    throw new ZigguratError('ZIG_ERR_SETTINGS_USE', `${path}: [app] needs 'use = ./path/to/app.js'`);
  }
  return {
    file: path,
    here,
    use: resolve(here, use.trim()),
    app: { ...settings, here, __file__: path },
    server: serverSettingsOf(sectionOf(parsed, 'server', vars, path), env, path),
    logging: loggingOf(sectionOf(parsed, 'logging', vars, path), env, path),
  };
}

/**
 * The 1-based line of a settings file that sets `key` in `[section]` (the last one, which wins), or
 * null; for messages that point at the line to fix.
 * @example settingLine('development.ini', 'sql.url') // 5
 */
export function settingLine(file: string, key: string, section = 'app'): number | null {
  return readSettingsFileLines(file).keys.get(section)?.get(key) ?? null;
}
