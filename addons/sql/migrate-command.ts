// `ziggurat migrate [settings-file] [latest|up|down|status]`: the SQL add-on's contribution to the CLI.
import type { AppCommand } from '../../lib/index.js';
import { MIGRATION_DIRECTIONS, type MigrationDirection, migrate } from './migrate.js';

const USAGE = `usage: ziggurat migrate [settings-file] [latest|up|down|status]

Run the migrations of the folder the 'sql.migrations' setting names against the app's database
('sql.url'):
  latest   apply every pending migration (the default)
  up       apply the next pending migration
  down     undo the last applied migration
  status   list the migrations, [x] applied and [ ] pending

Exit status: 0 on success, 1 when a migration fails, 2 on a usage error.
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
    if (!isDirection(word) || extra.length > 0) {
      io.stderr.write(`ziggurat migrate: unexpected ${JSON.stringify(args.join(' '))}\n${USAGE}`);
      return 2;
    }
    try {
      await migrate(loaded.registry, word, { stdout: io.stdout });
      return 0;
    } catch (error) {
      const cause =
        error instanceof Error && error.cause instanceof Error ? `\n  ${error.cause.message}` : '';
      io.stderr.write(
        `ziggurat migrate: ${error instanceof Error ? error.message : String(error)}${cause}\n`,
      );
      return 1;
    }
  },
};
