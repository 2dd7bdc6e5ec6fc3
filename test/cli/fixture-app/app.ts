// The app the CLI tests load through a settings file: routes, predicates, traversal, a static view, a
// tween, a command.
import {
  type AppCommand,
  Configurator,
  type Handler,
  type Registry,
  type Request,
  type Resource,
  type Settings,
} from '../../../lib/index.js';

export class Folder implements Resource {
  readonly children = new Map<string, Resource>();
  constructor(
    readonly __name__: string,
    readonly __parent__: Resource | null,
  ) {}
  __getitem__(name: string): Resource | undefined {
    return this.children.get(name);
  }
}

export class Document implements Resource {
  constructor(
    readonly __name__: string,
    readonly __parent__: Resource | null,
  ) {}
}

function makeRoot(): Folder {
  const root = new Folder('', null);
  const docs = new Folder('docs', root);
  root.children.set('docs', docs);
  docs.children.set('readme', new Document('readme', docs));
  return root;
}

class ItemViews {
  constructor(readonly request: Request) {}
  update() {
    return { updated: this.request.matchdict.id };
  }
}

function home(request: Request) {
  return { greeting: request.registry.settings.greeting, pid: process.pid };
}

function showItem(request: Request) {
  return { item: request.matchdict.id };
}

/** What a POST sent: its content type and the parsed body. */
function echo(request: Request) {
  return { type: request.headers['content-type'] ?? null, body: request.body ?? null };
}

function special() {
  return { special: true };
}

/** The fixture's static files, in the source tree (tsc does not copy them to build/). */
const STATIC = new URL('../../../../test/cli/fixture-app/static/', import.meta.url);

/** Answers once the process is told to stop (and a moment later), to test graceful shutdown. */
async function slow(request: Request) {
  process.stdout.write('fixture: slow request started\n');
  await new Promise((resolve) => process.once('SIGTERM', resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
  request.response.contentType = 'text/plain';
  return 'slow request finished';
}

function timing(handler: Handler, _registry: Registry): Handler {
  return async (request) => {
    const response = await handler(request);
    response.headers.set('x-timed', 'yes');
    return response;
  };
}

const greet: AppCommand = {
  name: 'greet',
  summary: 'print the greeting setting',
  usage: 'usage: ziggurat greet [settings-file] [names...]\n',
  async run(args, io, loaded) {
    io.stdout.write(`${loaded.settings.greeting} ${args.join(' ')}\n`);
    return args.includes('fail') ? 3 : 0;
  },
};

/** The fixture's entry point: `fixture.return` = `fastify` returns the app, `nonsense` a number. */
export function main(settings: Settings): unknown {
  const config = new Configurator({ settings });
  config.addRoute('home', '/');
  config.addView(home, { routeName: 'home', renderer: 'json' });
  config.addRoute('item', '/items/{id}');
  config.addView(showItem, { routeName: 'item', requestMethod: 'GET', renderer: 'json' });
  config.addView(ItemViews, { routeName: 'item', attr: 'update', requestMethod: 'POST', renderer: 'json' });
  config.addRoute('api', '/api/{name}', { header: 'x-api' });
  config.addView(showItem, { routeName: 'api', renderer: 'json' });
  config.addRoute('slow', '/slow');
  config.addView(slow, { routeName: 'slow', renderer: 'string' });
  config.addRoute('echo', '/echo');
  config.addView(echo, { routeName: 'echo', requestMethod: 'POST', renderer: 'json' });
  // A route beats the static view's /static/* for its own path, as Fastify's router decides.
  config.addRoute('special', '/static/special');
  config.addView(special, { routeName: 'special', renderer: 'json' });
  config.addStaticView('static', STATIC);
  const root = makeRoot();
  config.setRootFactory(() => root);
  config.addView(() => ({ folder: true }), { context: Folder, renderer: 'json' });
  config.addView(() => ({ document: true }), { context: Document, renderer: 'json' });
  config.addView(() => ({ editing: true }), {
    context: Document,
    name: 'edit',
    requestMethod: 'POST',
    renderer: 'json',
  });
  config.addTween(timing);
  config.addCommand(greet);
  if (settings['fixture.return'] === 'fastify') return config.makeApp({ logger: false });
  if (settings['fixture.return'] === 'nonsense') return 42;
  return config;
}
