// `ziggurat initdb`: bring the database up to date (migrations to the latest), then seed an empty one.
import type { AppCommand, Registry } from 'ziggurat';
import { getDatabase, migrate } from 'ziggurat/addons/sql';
import { Notes } from './models/notes.js';

/** What `initializeDatabase` did. */
export interface InitializeReport {
  /** How many migrations ran. */
  migrated: number;
  /** How many notes were seeded (0 unless the database had none). */
  seeded: number;
}

/**
 * Run the migrations to the latest one, then seed the welcome notes into an empty database.
 * Running it again changes nothing.
 * @example const { migrated, seeded } = await initializeDatabase(config.registry, process.stdout);
 */
export async function initializeDatabase(
  registry: Registry,
  stdout?: NodeJS.WritableStream,
): Promise<InitializeReport> {
  const { results } = await migrate(registry, 'latest', stdout ? { stdout } : {});
  const seeded = await new Notes(getDatabase(registry)).seed();
  if (seeded > 0) stdout?.write(`seeded ${seeded} notes\n`);
  return { migrated: results.length, seeded };
}

/** An error's message, and its cause's when the message does not already say it. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : '';
  return cause === '' || error.message.includes(cause) ? error.message : `${error.message}\n  ${cause}`;
}

const USAGE = `usage: ziggurat initdb [settings-file]

Bring the app's database ('sql.url') up to date: run the migrations of 'sql.migrations'
to the latest one, then add the welcome notes when there are no notes yet.
`;

/**
 * `ziggurat initdb [settings-file]`, added by the app with `config.addCommand(initdbCommand)`.
 * @example npm run initdb   # npm run build && ziggurat initdb development.ini
 */
export const initdbCommand: AppCommand = {
  name: 'initdb',
  summary: 'migrate the database to the latest version and seed an empty one',
  usage: USAGE,
  async run(args, io, loaded) {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (args.length > 0) {
      io.stderr.write(`ziggurat initdb: unexpected argument '${args[0]}'\n${USAGE}`);
      return 2;
    }
    try {
      const { seeded } = await initializeDatabase(loaded.registry, io.stdout);
      if (seeded === 0) io.stdout.write('the database has notes already: nothing seeded\n');
      return 0;
    } catch (error) {
      io.stderr.write(`ziggurat initdb: ${describeError(error)}\n`);
      return 1;
    }
  },
};
