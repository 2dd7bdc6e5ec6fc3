// Run the migrations folder with Kysely's Migrator: to the latest, one step up or down, or report the status.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Kysely, type MigrationResult, Migrator, sql } from 'kysely';
import { Registry, ZigguratError } from '../../lib/index.js';
import { sqlRuntime } from './runtime.js';
import { describeTarget, settingHint } from './settings.js';

/** What `migrate` does: `latest` applies every pending migration, `up`/`down` one step, `status` lists them. */
export type MigrationDirection = 'latest' | 'up' | 'down' | 'status';

/** The directions, in the order `ziggurat migrate --help` lists them. */
export const MIGRATION_DIRECTIONS: readonly MigrationDirection[] = ['latest', 'up', 'down', 'status'];

/** One migration of the folder, for `status`. */
export interface MigrationState {
  readonly name: string;
  /** When it ran, or null while it is pending. */
  readonly executedAt: Date | null;
}

/** What `migrate` did: the migrations it ran (none for `status`), and the folder's state afterwards. */
export interface MigrationReport {
  readonly results: readonly MigrationResult[];
  readonly migrations: readonly MigrationState[];
}

/** Options of `migrate`. */
export interface MigrateOptions {
  /** The migrations folder; defaults to the `sql.migrations` setting when `source` is a registry. */
  folder?: string;
  /** Where to write one line per migration run (or per migration, for `status`). */
  stdout?: NodeJS.WritableStream;
}

function migrationError(message: string, cause?: unknown): ZigguratError {
  return new ZigguratError('ZIG_ERR_SQL_MIGRATION', message, cause === undefined ? {} : { cause });
}

type AnyKysely = Kysely<any>;

/** The database, the migrations folder, and for an app's database what to say when it cannot be reached. */
type Source = [db: AnyKysely, folder: string, check: string | null];

function resolveSource(source: Registry | AnyKysely, folder: string | undefined): Source {
  if (source instanceof Kysely) {
    if (folder === undefined) throw migrationError('migrate needs the migrations folder (the folder option)');
    return [source, folder, null];
  }
  if (!(source instanceof Registry)) throw migrationError('migrate needs a Registry or a Kysely instance');
  const runtime = sqlRuntime(source);
  const chosen = folder ?? runtime.options.migrations;
  if (chosen === null) {
    throw migrationError(
      "No migrations folder: set 'sql.migrations' (a folder, relative to the working directory)",
    );
  }
  const check = `(${describeTarget(runtime.options.target)}; ${settingHint(source.settings, 'sql.url')})`;
  return [runtime.db, chosen, check];
}

/**
 * `ZIG_ERR_SQL_UNAVAILABLE` for a database that cannot be reached or opened, saying which one and
 * which setting names it. A driver's own error (SQLite's missing directory) gets the code too.
 */
function unreachable(error: unknown, check: string | null): ZigguratError {
  const known = error instanceof ZigguratError && error.code === 'ZIG_ERR_SQL_UNAVAILABLE';
  const reason = error instanceof Error ? error.message : String(error);
  const message = known ? reason : `Cannot open the SQL database: ${reason}`;
  const where = check === null ? '' : ` ${check}`;
  return new ZigguratError('ZIG_ERR_SQL_UNAVAILABLE', `${message}${where}`, {
    statusCode: 503,
    cause: error,
  });
}

/** One trivial query first, so that a database that cannot be reached is said so, not as a failed migration. */
async function probe(db: AnyKysely, check: string | null): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    throw unreachable(error, check);
  }
}

async function run(migrator: Migrator, direction: Exclude<MigrationDirection, 'status'>) {
  if (direction === 'latest') return migrator.migrateToLatest();
  return direction === 'up' ? migrator.migrateUp() : migrator.migrateDown();
}

function describe(result: MigrationResult): string {
  if (result.status === 'Success')
    return `migrated ${result.direction.toLowerCase()}: ${result.migrationName}`;
  if (result.status === 'Error') return `failed ${result.direction.toLowerCase()}: ${result.migrationName}`;
  return `not run (an earlier migration failed): ${result.migrationName}`;
}

/**
 * Migrate the app's database (a committed app's registry) or any Kysely instance with the
 * migrations of a folder: files exporting `up(db)` and optionally `down(db)`, applied in name order.
 * Throws a `ZIG_ERR_SQL_MIGRATION` error when a migration fails (its `cause` is the database error),
 * and `ZIG_ERR_SQL_UNAVAILABLE` when the database cannot be reached.
 * @example
 * await migrate(config.registry, 'latest', { stdout: process.stdout });
 * const { migrations } = await migrate(db, 'status', { folder: 'migrations' });
 */
export async function migrate(
  source: Registry | AnyKysely,
  direction: MigrationDirection,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  if (!MIGRATION_DIRECTIONS.includes(direction)) {
    throw migrationError(
      `Unknown migration direction '${direction}': use ${MIGRATION_DIRECTIONS.join(', ')}`,
    );
  }
  const [db, folder, check] = resolveSource(source, options.folder);
  const absolute = path.resolve(folder);
  await fs.stat(absolute).catch((error: unknown) => {
    throw migrationError(`The migrations folder ${absolute} does not exist`, error);
  });
  await probe(db, check);
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: absolute }),
  });
  const out = (line: string) => options.stdout?.write(`${line}\n`);
  let results: readonly MigrationResult[] = [];
  if (direction !== 'status') {
    const outcome = await run(migrator, direction);
    results = outcome.results ?? [];
    for (const result of results) out(describe(result));
    if (outcome.error !== undefined) {
      // The database could not be reached: that error says so better than "migrating failed".
      if (outcome.error instanceof ZigguratError && outcome.error.code === 'ZIG_ERR_SQL_UNAVAILABLE')
        throw unreachable(outcome.error, check);
      const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      throw migrationError(`Migrating ${direction} failed: ${reason}`, outcome.error);
    }
    if (results.length === 0) out(direction === 'down' ? 'nothing to migrate down' : 'already up to date');
  }
  const migrations = (await migrator.getMigrations()).map((info) => ({
    name: info.name,
    executedAt: info.executedAt ?? null,
  }));
  if (direction === 'status') {
    for (const info of migrations) out(`${info.executedAt ? '[x]' : '[ ]'} ${info.name}`);
    if (migrations.length === 0) out(`no migrations in ${absolute}`);
  }
  return { results, migrations };
}
