// `ziggurat tweens`: the tween chain in order, from INGRESS (next to the server) to MAIN (the views).
import { listTweens } from '../introspection/index.js';
import { parseCommandArgs, splitPositionals } from './args.js';
import type { CliCommand } from './command.js';
import { withApp } from './load.js';
import { table, writeLines } from './output.js';

const USAGE = `usage: ziggurat tweens [settings-file]

List the tween chain in order: INGRESS (outermost), the app's and add-ons' tweens, then MAIN.

options:
  -h, --help   show this help
`;

/** The `tweens` command. */
export const tweensCommand: CliCommand = {
  name: 'tweens',
  summary: 'list the tween chain from INGRESS to MAIN',
  usage: USAGE,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    const { file } = splitPositionals(positionals, { min: 0, max: 0, names: '' }, io.cwd);
    return withApp(file, io, async ({ app }) => {
      const rows = listTweens(app).map((tween, i) => [String(i), tween.name, tween.location]);
      writeLines(io.stdout, table(['#', 'Tween', 'Added at'], rows));
      return 0;
    });
  },
};
