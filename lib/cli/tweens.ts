// `ziggurat tweens`: the tween chains from INGRESS (next to the server) to MAIN (the views), as Pyramid's
// ptweens shows them: the implicit one (over/under), and the explicit one when ziggurat.tweens lists it.
import { listTweenChains, type TweenDescription } from '../introspection/index.js';
import { parseCommandArgs, splitPositionals } from './args.js';
import type { CliCommand } from './command.js';
import { withApp } from './load.js';
import { table, writeLines } from './output.js';

const USAGE = `usage: ziggurat tweens [settings-file]

List the tween chain in order: INGRESS (outermost), the app's and add-ons' tweens, then MAIN.
When the ziggurat.tweens setting lists the chain explicitly, that chain is used and shown first,
then the implicit one (from addTween's over/under), which is not used.

options:
  -h, --help   show this help
`;

/** One chain as a table: INGRESS and MAIN at '-', the tweens numbered from the outermost. */
function chainTable(chain: readonly TweenDescription[]): string[] {
  const last = chain.length - 1;
  const rows = chain.map((tween, i) => [
    i === 0 || i === last ? '-' : String(i - 1),
    tween.name,
    tween.location,
  ]);
  return table(['Position', 'Tween', 'Added at'], rows);
}

function chainLines(title: string, chain: readonly TweenDescription[]): string[] {
  return [title, '', ...chainTable(chain)];
}

/** The `tweens` command. */
export const tweensCommand: CliCommand = {
  name: 'tweens',
  summary: 'list the tween chain from INGRESS to MAIN',
  usage: USAGE,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    const { file } = splitPositionals(positionals, { min: 0, max: 0, names: '' }, io.cwd);
    return withApp(file, io, async ({ app }) => {
      const { implicit, explicit } = listTweenChains(app);
      const lines =
        explicit === null
          ? [
              '"ziggurat.tweens" is not set: the implicit order is used',
              '',
              ...chainLines('Implicit tween chain', implicit),
            ]
          : [
              '"ziggurat.tweens" is set: the explicit order is used',
              '',
              ...chainLines('Explicit tween chain (used)', explicit),
              '',
              ...chainLines('Implicit tween chain (not used)', implicit),
            ];
      writeLines(io.stdout, lines);
      return 0;
    });
  },
};
