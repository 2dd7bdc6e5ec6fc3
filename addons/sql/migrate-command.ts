// `ziggurat migrate [settings-file] [latest|up|down|status]`: the SQL add-on's contribution to the CLI.
import { type AppCommand, ZigguratError } from '../../lib/index.js';
import { MIGRATION_DIRECTIONS, type MigrationDirection, migrate } from './migrate.js';

const USAGE = `usage: ziggurat migrate [settings-file] [latest|up|down|status]

Run the migrations of the folder the 'sql.migrations' setting names against the app's database
('sql.url'):
  latest   apply every pending migration (the default)
  up       apply the next pending migration
  down     undo the last applied migration
  status   list the migrations, [x] applied and [ ] pending

The settings file may come anywhere among the arguments (\`ziggurat migrate status production.ini\`).
Exit status: 0 on success, 1 when a migration fails or the database cannot be reached (the error's
code and the setting to check are printed), 2 on a usage error.
`;

function isDirection(word: string): word is MigrationDirection {
  return (MIGRATION_DIRECTIONS as readonly string[]).includes(word);
}

/**
 * The `migrate` sub-command. The SQL add-on contributes it with `config.addCommand(migrateCommand)`;
 * it can also be run directly with an app loaded from its settings.
 * @example
 * const exit = await migrateCommand.run(['status'], { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }, loaded);
 */
export const migrateCommand: AppCommand = {
  name: 'migrate',
  summary: "Apply or undo the SQL add-on's migrations (latest, up, down, status)",
  usage: USAGE,
  async run(args, io, loaded) {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(USAGE);
      return 0;
    }
    const [word = 'latest', ...extra] = args;
    const wrong = args.find((arg) => arg.startsWith('-'));
    if (wrong !== undefined || !isDirection(word) || extra.length > 0) {
      const what = wrong !== undefined ? `unknown option '${wrong}'` : `unexpected '${args.join(' ')}'`;
      io.stderr.write(`ziggurat migrate: ${what}\n${USAGE}`);
      return 2;
    }
    try {
      await migrate(loaded.registry, word, { stdout: io.stdout });
      return 0;
    } catch (error) {
      io.stderr.write(`ziggurat migrate: ${failure(error)}\n`);
      return 1;
    }
  },
};

/** An error as the command prints it: its code, its message, and its cause when that adds something. */
function failure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = error instanceof ZigguratError ? `${error.code}: ` : '';
  const cause = error.cause instanceof Error ? error.cause.message : '';
  const more = cause !== '' && !error.message.includes(cause) ? `\n  ${cause}` : '';
  return `${code}${error.message}${more}`;
}
