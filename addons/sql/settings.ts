// The SQL add-on's settings, read and checked once at commit: url, pool, timeouts, retries, isolation, migrations.
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IsolationLevel } from 'kysely';
import { envNameOf, type Settings, settingLine, ZigguratError } from '../../lib/index.js';

/** Where the database lives, as `sql.url` names it. */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string };

/** The SQL add-on's settings, checked and with their defaults. */
export interface SqlOptions {
  readonly target: DatabaseTarget;
  /** The most connections the Postgres pool opens (`sql.poolSize`, default 10). */
  readonly poolSize: number;
  /** Milliseconds to wait for a Postgres connection before failing (`sql.connectTimeout`, default 10000; 0: forever). */
  readonly connectTimeout: number;
  /** Milliseconds an idle pooled connection stays open (`sql.idleTimeout`, default 10000). */
  readonly idleTimeout: number;
  /** Milliseconds a Postgres statement may run before the server cancels it (`sql.queryTimeout`, default 30000; 0: no limit). */
  readonly queryTimeout: number;
  /** Seconds a 503 answered while the database is unavailable asks clients to wait (`sql.retryAfter`, default 5). */
  readonly retryAfter: number;
  /** How often a request is tried again after a serialization failure or a deadlock (`sql.retries`, default 3). */
  readonly retries: number;
  /** The isolation level of request transactions on Postgres (`sql.isolationLevel`); null: the server's default. */
  readonly isolationLevel: IsolationLevel | null;
  /** The absolute path of the migrations folder (`sql.migrations`), or null. */
  readonly migrations: string | null;
}

const ISOLATION_LEVELS: readonly IsolationLevel[] = [
  'read uncommitted',
  'read committed',
  'repeatable read',
  'serializable',
];

function settingError(name: string, expected: string, value: unknown): ZigguratError {
  return new ZigguratError(
    'ZIG_ERR_SQL_SETTING',
    `The setting '${name}' must be ${expected}, got ${JSON.stringify(value)}`,
  );
}

function whole(settings: Settings, name: string, fallback: number, min: number): number {
  const value = settings[name];
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(parsed) || parsed < min) throw settingError(name, `an integer >= ${min}`, value);
  return parsed;
}

/**
 * Parse `sql.url`: `sqlite:<file>` (relative to `cwd` or absolute), `sqlite::memory:`, or
 * `postgres://…` / `postgresql://…`.
 * @example parseDatabaseUrl('sqlite:var/app.db', '/srv/app') // { dialect: 'sqlite', file: '/srv/app/var/app.db' }
 */
export function parseDatabaseUrl(value: unknown, cwd: string = process.cwd()): DatabaseTarget {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ZigguratError(
      'ZIG_ERR_SQL_URL',
      "The SQL add-on needs the setting 'sql.url', e.g. 'sqlite:var/app.db' or 'postgres://user@host/db'",
    );
  }
  const url = value.trim();
  if (url === 'sqlite::memory:') return { dialect: 'sqlite', file: ':memory:' };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file !== '') return { dialect: 'sqlite', file: isAbsolute(file) ? file : resolve(cwd, file) };
    throw new ZigguratError(
      'ZIG_ERR_SQL_URL',
      "The setting 'sql.url' names no SQLite file: use sqlite:<file> or sqlite::memory:",
    );
  }
  if (/^postgres(ql)?:\/\/./.test(url)) return { dialect: 'postgres', url };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? url;
  throw new ZigguratError(
    'ZIG_ERR_SQL_URL',
    `The setting 'sql.url' names an unsupported database '${scheme}': use sqlite:<file>, sqlite::memory: or postgres://…`,
  );
}

function isolationLevel(settings: Settings): IsolationLevel | null {
  const value = settings['sql.isolationLevel'];
  if (value === undefined || value === null || value === '') return null;
  const level = String(value).trim().toLowerCase().replace(/[_-]/g, ' ') as IsolationLevel;
  if (!ISOLATION_LEVELS.includes(level))
    throw settingError('sql.isolationLevel', ISOLATION_LEVELS.join(', '), value);
  return level;
}

function migrationsFolder(value: unknown, cwd: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof URL) return fileURLToPath(value);
  if (typeof value !== 'string') throw settingError('sql.migrations', 'a folder path or a file: URL', value);
  if (value.startsWith('file:')) return fileURLToPath(value);
  return isAbsolute(value) ? value : resolve(cwd, value);
}

/** The keys of the `sql.*` settings, declared with config.declareSettings so typos are reported. */
export const SQL_SETTINGS: readonly string[] = [
  'url',
  'poolSize',
  'connectTimeout',
  'idleTimeout',
  'queryTimeout',
  'retryAfter',
  'retries',
  'isolationLevel',
  'migrations',
];

/**
 * Which setting to check, and where it is set, for an error message: `check sql.url, set at
 * development.ini:5 or by the environment variable SQL_URL` for an app loaded from a settings file
 * (whose settings carry `__file__`), `the [app] section of development.ini does not set sql.url`, or
 * `check the setting sql.url`.
 * @example throw new ZigguratError('ZIG_ERR_SQL_UNAVAILABLE', `Cannot connect (${settingHint(settings, 'sql.url')})`);
 */
export function settingHint(settings: Settings, name: string): string {
  const file = settings.__file__;
  if (typeof file !== 'string') return `check the setting ${name}`;
  const below = relative(process.cwd(), file);
  const shown = below.startsWith('..') || isAbsolute(below) ? file : below;
  const line = settingLine(file, name);
  if (line === null) return `the [app] section of ${shown} does not set ${name}`;
  return `check ${name}, set at ${shown}:${line} or by the environment variable ${envNameOf(name)}`;
}

/** `read()`, its errors saying where the setting `name` is set. */
function located<T>(settings: Settings, name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ZigguratError)) throw error;
    throw new ZigguratError(error.code, `${error.message} (${settingHint(settings, name)})`);
  }
}

/**
 * Read and check the SQL add-on's settings; relative paths are resolved against `cwd`. An error
 * names the setting, and for an app loaded from a settings file, its line there.
 * @example readSqlOptions({ 'sql.url': 'sqlite::memory:' }).retries // 3
 */
export function readSqlOptions(settings: Settings, cwd: string = process.cwd()): SqlOptions {
  const number = (name: string, fallback: number, min: number) =>
    located(settings, name, () => whole(settings, name, fallback, min));
  return {
    target: located(settings, 'sql.url', () => parseDatabaseUrl(settings['sql.url'], cwd)),
    poolSize: number('sql.poolSize', 10, 1),
    connectTimeout: number('sql.connectTimeout', 10_000, 0),
    idleTimeout: number('sql.idleTimeout', 10_000, 0),
    queryTimeout: number('sql.queryTimeout', 30_000, 0),
    retryAfter: number('sql.retryAfter', 5, 0),
    retries: number('sql.retries', 3, 0),
    isolationLevel: located(settings, 'sql.isolationLevel', () => isolationLevel(settings)),
    migrations: located(settings, 'sql.migrations', () => migrationsFolder(settings['sql.migrations'], cwd)),
  };
}

/**
 * The database a target names, fit to print: a SQLite file, or a Postgres URL without its password.
 * @example describeTarget({ dialect: 'postgres', url: 'postgres://app:secret@db/app' }) // 'postgres://app:***@db/app'
 */
export function describeTarget(target: DatabaseTarget): string {
  if (target.dialect === 'sqlite') return `sqlite:${target.file}`;
  try {
    const url = new URL(target.url);
    if (url.password !== '') url.password = '***';
    return url.href;
  } catch {
    return 'postgres://…';
  }
}
