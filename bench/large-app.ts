// The bench's large app, generated as source modules: `addons` add-ons of 20 routes with two views
// each, written once for Ziggurat (included add-ons with a route prefix, half their views declared
// with decorators in modules a directory scan finds) and once for plain Fastify (one plugin per
// add-on, registered with a prefix, calling the same handlers).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROUTES_PER_ADDON = 20;
/** The routes of an add-on whose views are functions added in its includeme; the rest are scanned classes. */
const FUNCTION_VIEW_ROUTES = ROUTES_PER_ADDON / 2;
/** What each route's two views ask for, as Ziggurat predicates: a GET view, and a POST view for JSON clients. */
const FIRST_VIEW = "requestMethod: 'GET'";
const SECOND_VIEW = "requestMethod: 'POST', accept: 'application/json', header: 'X-Client'";
/** The methods Ziggurat registers each route's path for in Fastify (GET answers HEAD too). */
const METHODS = "['GET', 'HEAD', 'POST']";
const ZIGGURAT = new URL('../lib/index.js', import.meta.url).href;
const FASTIFY = import.meta.resolve('fastify');

/** Where the two generated apps are: each directory's app.js exports `build()`, a ready Fastify instance. */
export interface LargeApp {
  readonly directory: string;
  readonly routes: number;
  remove(): Promise<void>;
}

const pad = (n: number) => String(n).padStart(4, '0');
const routeName = (addon: number, route: number) => `a${addon}r${route}`;
const className = (addon: number, route: number) => `A${addon}R${route}Views`;

/** The body of a route's two views, the same on both sides but for where the id comes from. */
function bodies(addon: number, route: number, id: string): { show: string; create: string } {
  return {
    show: `return { addon: ${addon}, route: ${route}, id: ${id} };`,
    create: `return { addon: ${addon}, route: ${route}, id: ${id}, created: true };`,
  };
}

/** A class whose two methods are a route's views (a scanned class on Ziggurat's side). */
function viewClass(addon: number, route: number, id: string): string {
  const { show, create } = bodies(addon, route, id);
  return [
    `export class ${className(addon, route)} {`,
    '  constructor(request) { this.request = request; }',
    `  show() { ${show} }`,
    `  create() { ${create} }`,
    '}',
  ].join('\n');
}

function zigguratAddon(addon: number): string {
  const lines = ['export function includeme(config) {'];
  for (let route = 0; route < ROUTES_PER_ADDON; route++)
    lines.push(`  config.addRoute('${routeName(addon, route)}', '/r${route}/{id}');`);
  for (let route = 0; route < FUNCTION_VIEW_ROUTES; route++) {
    const { show, create } = bodies(addon, route, 'request.matchdict.id');
    const name = routeName(addon, route);
    lines.push(
      `  config.addView(function ${name}Show(request) { ${show} }, { routeName: '${name}', renderer: 'json', ${FIRST_VIEW} });`,
      `  config.addView(function ${name}Create(request) { ${create} }, { routeName: '${name}', renderer: 'json', ${SECOND_VIEW} });`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}

/** Decorated view classes, applied as TypeScript's compiled decorators apply them. */
function zigguratViews(addon: number): string {
  const lines = [`import { viewConfig, viewDefaults } from '${ZIGGURAT}';`];
  for (let route = FUNCTION_VIEW_ROUTES; route < ROUTES_PER_ADDON; route++) {
    const cls = className(addon, route);
    lines.push(
      viewClass(addon, route, 'this.request.matchdict.id'),
      `viewConfig({ ${FIRST_VIEW} })(${cls}.prototype, 'show');`,
      `viewConfig({ ${SECOND_VIEW} })(${cls}.prototype, 'create');`,
      `viewDefaults({ routeName: '${routeName(addon, route)}', renderer: 'json' })(${cls});`,
    );
  }
  return lines.join('\n');
}

function zigguratApp(addons: number): string {
  const lines = [`import { Configurator } from '${ZIGGURAT}';`];
  for (let addon = 0; addon < addons; addon++)
    lines.push(`import * as addon${pad(addon)} from './addon-${pad(addon)}.js';`);
  lines.push('export async function build() {', '  const config = new Configurator();');
  for (let addon = 0; addon < addons; addon++)
    lines.push(`  config.include(addon${pad(addon)}, { routePrefix: '/a${addon}' });`);
  lines.push("  config.scan(new URL('./views/', import.meta.url));", '  return config.makeApp();', '}');
  return lines.join('\n');
}

/** What the predicates of the second view check besides the method, by hand. */
const SECOND_VIEW_APPLIES = [
  'export function secondViewApplies(request) {',
  "  const accept = request.headers.accept ?? '';",
  "  return request.headers['x-client'] !== undefined &&",
  "    (accept === '' || accept.includes('application/json') || accept.includes('*/*'));",
  '}',
].join('\n');

/**
 * One Fastify route per path for the methods Ziggurat registers it for, as Ziggurat does: separate
 * `app.get` and `app.post` calls would make three Fastify routes of each path (with the HEAD route
 * Fastify adds), and Fastify's start-up grows with the square of its routes (each one waits for
 * `preReady` with a listener of its own), which at 10,000 paths would take plain Fastify 20 s.
 */
function plainPlugin(addon: number): string {
  const lines = [
    "import { secondViewApplies } from './applies.js';",
    `import * as views from './handlers/handlers-${pad(addon)}.js';`,
    `export default async function addon${addon}(app) {`,
  ];
  for (let route = 0; route < ROUTES_PER_ADDON; route++) {
    let show = `${routeName(addon, route)}Show`;
    let create = `${routeName(addon, route)}Create`;
    if (route < FUNCTION_VIEW_ROUTES) {
      const body = bodies(addon, route, 'request.params.id');
      lines.push(
        `  function ${show}(request) { ${body.show} }`,
        `  function ${create}(request) { ${body.create} }`,
      );
    } else {
      const cls = `views.${className(addon, route)}`;
      [show, create] = [`new ${cls}(request).show`, `new ${cls}(request).create`];
    }
    lines.push(
      `  app.route({ method: ${METHODS}, url: '/r${route}/:id', handler: (request, reply) =>`,
      `    request.method !== 'POST' ? ${show}(request) : secondViewApplies(request) ? ${create}(request) : reply.code(404).send() });`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}

function plainHandlers(addon: number): string {
  const lines: string[] = [];
  for (let route = FUNCTION_VIEW_ROUTES; route < ROUTES_PER_ADDON; route++)
    lines.push(viewClass(addon, route, 'this.request.params.id'));
  return lines.join('\n');
}

function plainApp(addons: number): string {
  const lines = [`import Fastify from '${FASTIFY}';`];
  for (let addon = 0; addon < addons; addon++)
    lines.push(`import plugin${pad(addon)} from './plugin-${pad(addon)}.js';`);
  lines.push('export async function build() {', '  const app = Fastify();');
  for (let addon = 0; addon < addons; addon++)
    lines.push(`  app.register(plugin${pad(addon)}, { prefix: '/a${addon}' });`);
  lines.push('  await app.ready();', '  return app;', '}');
  return lines.join('\n');
}

/** Write both apps with `addons` add-ons under a new temporary directory. */
export async function generateLargeApp(addons: number): Promise<LargeApp> {
  const directory = await mkdtemp(join(tmpdir(), 'ziggurat-bench-large-'));
  const write = (path: string, text: string) => writeFile(join(directory, path), `${text}\n`);
  await mkdir(join(directory, 'ziggurat', 'views'), { recursive: true });
  await mkdir(join(directory, 'plain', 'handlers'), { recursive: true });
  await write('ziggurat/app.js', zigguratApp(addons));
  await write('plain/app.js', plainApp(addons));
  await write('plain/applies.js', SECOND_VIEW_APPLIES);
  for (let addon = 0; addon < addons; addon++) {
    await write(`ziggurat/addon-${pad(addon)}.js`, zigguratAddon(addon));
    await write(`ziggurat/views/views-${pad(addon)}.js`, zigguratViews(addon));
    await write(`plain/plugin-${pad(addon)}.js`, plainPlugin(addon));
    await write(`plain/handlers/handlers-${pad(addon)}.js`, plainHandlers(addon));
  }
  return {
    directory,
    routes: addons * ROUTES_PER_ADDON,
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}
