// `ziggurat routes`: a table of the app's routes (name, pattern, methods, views, predicates) and static views,
// or JSON; for an app without routes, how it dispatches by traversal: its root factory and context views.
import type { Registry } from '../config/registry.js';
import {
  type FastifyRouteDescription,
  listFastifyRoutes,
  listRoutes,
  listStaticViews,
  listViews,
  type RouteDescription,
  type StaticViewDescription,
} from '../introspection/index.js';
import { STATE } from '../symbols.js';
import { parseCommandArgs, splitPositionals } from './args.js';
import type { CliCommand } from './command.js';
import { withApp } from './load.js';
import { table, writeLines } from './output.js';

const USAGE = `usage: ziggurat routes [settings-file] [--json]

List the app's routes in registration order (name, pattern, methods, views and predicates), then
its static views. An app without routes dispatches by traversal: then its root factory and its
context views are listed instead. Routes added to Fastify itself (by configureFastify: the health
add-on's endpoints, a Fastify plugin's pages) come last.

options:
  --json       print the routes, the static views, then the Fastify routes, as JSON
  -h, --help   show this help
`;

/** A path below the working directory, relative to it. */
function shown(path: string, cwd: string): string {
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}

/** The static views that answer requests (not those that only make URLs on another host). */
function served(views: readonly StaticViewDescription[]): StaticViewDescription[] {
  return views.filter((view) => view.pattern !== null);
}

function routeRows(
  routes: readonly RouteDescription[],
  statics: readonly StaticViewDescription[],
  cwd: string,
) {
  return [
    ...routes.map((route) => [
      route.name,
      route.pattern,
      route.methods.join(','),
      route.views.map((view) => view.callable).join(', ') ||
        (route.methods.length === 0 ? '(URLs only)' : '(none)'),
      route.predicates.join(', '),
    ]),
    ...served(statics).map((view) => [
      view.name,
      view.pattern as string,
      'GET,HEAD',
      `static files of ${shown(view.directory, cwd)}`,
      '',
    ]),
  ];
}

function rootFactoryName(registry: Registry): string {
  const factory = registry[STATE].rootFactory;
  if (factory === null) return 'none: the default root (DefaultRoot), which has no children';
  return factory.name || '(an anonymous function)';
}

/** What `routes` prints for an app that has no routes: how traversal dispatches it. */
function traversalLines(registry: Registry, cwd: string): string[] {
  const views = listViews(registry).filter((view) => view.routeName === null);
  const rows = views.map((view) => [
    view.context ?? '*',
    `'${view.name}'`,
    view.callable,
    view.predicates.join(', '),
    view.location,
  ]);
  const lines = [
    'No routes: the app dispatches by traversal, walking the resource tree from its root.',
    `root factory: ${rootFactoryName(registry)}`,
    '',
    ...(rows.length === 0
      ? ['context views: none']
      : table(['Context', 'Name', 'View', 'Predicates', 'Added at'], rows)),
  ];
  const statics = served(listStaticViews(registry));
  if (statics.length === 0) return lines;
  const staticRows = statics.map((view) => [view.name, view.pattern as string, shown(view.directory, cwd)]);
  return [...lines, '', ...table(['Static view', 'Pattern', 'Directory'], staticRows)];
}

/** The routes added to Fastify itself, after a blank line; nothing when there are none. */
function fastifyLines(routes: readonly FastifyRouteDescription[]): string[] {
  if (routes.length === 0) return [];
  const rows = routes.map((route) => [route.url, route.methods.join(',')]);
  return ['', 'Added to Fastify itself (configureFastify):', ...table(['URL', 'Methods'], rows)];
}

/** The `routes` command. */
export const routesCommand: CliCommand = {
  name: 'routes',
  summary: 'list the routes and static views (or, for traversal, the context views)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
    const { file } = splitPositionals(positionals, { min: 0, max: 0, names: '' }, io.cwd);
    return withApp(file, io, async ({ app, registry }) => {
      const routes = listRoutes(app);
      const statics = listStaticViews(app);
      const others = listFastifyRoutes(app);
      if (values.json) {
        const staticEntries = statics.map((view) => ({ ...view, methods: ['GET', 'HEAD'], static: true }));
        const fastifyEntries = others.map((route) => ({ ...route, fastify: true }));
        io.stdout.write(`${JSON.stringify([...routes, ...staticEntries, ...fastifyEntries], null, 2)}\n`);
        return 0;
      }
      if (routes.length === 0) {
        writeLines(io.stdout, [...traversalLines(registry, io.cwd), ...fastifyLines(others)]);
        return 0;
      }
      const header = ['Name', 'Pattern', 'Methods', 'Views', 'Predicates'];
      writeLines(io.stdout, [...table(header, routeRows(routes, statics, io.cwd)), ...fastifyLines(others)]);
      return 0;
    });
  },
};
