// `ziggurat routes`: a table of the app's routes (name, pattern, methods, views, predicates), or JSON.
import { listRoutes } from '../introspection/index.js';
import { parseCommandArgs, splitPositionals } from './args.js';
import type { CliCommand } from './command.js';
import { withApp } from './load.js';
import { table, writeLines } from './output.js';

const USAGE = `usage: ziggurat routes [settings-file] [--json]

List the app's routes in registration order: name, pattern, methods, views and predicates.

options:
  --json       print the routes as JSON
  -h, --help   show this help
`;

/** The `routes` command. */
export const routesCommand: CliCommand = {
  name: 'routes',
  summary: 'list the routes: name, pattern, methods, views, predicates',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const { file } = splitPositionals(positionals, { min: 0, max: 0, names: '' });
    return withApp(file, io, async ({ app }) => {
      const routes = listRoutes(app);
      if (values.json) {
        io.stdout.write(`${JSON.stringify(routes, null, 2)}\n`);
        return 0;
      }
      const rows = routes.map((route) => [
        route.name,
        route.pattern,
        route.methods.join(','),
        route.views.map((view) => view.callable).join(', ') || '(none)',
        route.predicates.join(', '),
      ]);
      writeLines(io.stdout, table(['Name', 'Pattern', 'Methods', 'Views', 'Predicates'], rows));
      return 0;
    });
  },
};
