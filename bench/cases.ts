// The benchmark cases: each builds the same work twice, once with plain Fastify and once through Ziggurat.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import Handlebars from 'handlebars';
import debugtoolbar from '../addons/debugtoolbar/index.js';
import * as handlebars from '../addons/handlebars/index.js';
import { Configurator, inject, injectable, Request } from '../lib/index.js';

/** What a side builds: a ready server that listens when told (a Fastify instance, or a peer's). */
export interface Listener {
  listen(options: { host: string; port: number }): Promise<unknown>;
  readonly server: { address(): AddressInfo | string | null };
}

/** One side of a case: builds a ready (not listening) server. */
export type Build = () => Promise<Listener>;

/** A throughput case: the two sides and the request the load clients send. */
export interface ThroughputCase {
  readonly name: string;
  readonly path: string;
  /** The request's method when it is not GET. */
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** The request's body, sent as it is. */
  readonly body?: string;
  /** Load connections per client when not BENCH_CONNECTIONS (a case that models a single user's browser). */
  readonly connections?: number;
  /** What the `plain` side is when it is not plain Fastify. */
  readonly plainIs?: string;
  readonly plain: Build;
  readonly ziggurat: Build;
}

const hello = { hello: 'world' };

export const helloJson: ThroughputCase = {
  name: 'hello JSON',
  path: '/',
  plain: async () => {
    const app = Fastify();
    app.get('/', async () => hello);
    await app.ready();
    return app;
  },
  ziggurat: async () => {
    const config = new Configurator();
    config.addRoute('hello', '/');
    config.addView(() => hello, { routeName: 'hello', renderer: 'json' });
    return config.makeApp();
  },
};

export const threePredicates: ThroughputCase = {
  name: 'route + view with 3 predicates',
  path: '/items/42?format=full',
  headers: { accept: 'application/json', 'x-client': 'bench' },
  plain: async () => {
    const app = Fastify();
    app.get('/items/:id', async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const accept = request.headers.accept ?? '';
      if (!request.headers['x-client'] || !accept.includes('application/json') || query.format !== 'full') {
        reply.code(404);
        return { error: 'not found' };
      }
      return { id: (request.params as { id: string }).id };
    });
    await app.ready();
    return app;
  },
  ziggurat: async () => {
    const config = new Configurator();
    config.addRoute('item', '/items/{id}');
    config.addView((request: Request) => ({ id: request.matchdict.id }), {
      routeName: 'item',
      renderer: 'json',
      accept: 'application/json',
      header: 'X-Client',
      requestParam: 'format=full',
    });
    return config.makeApp();
  },
};

/** A node of the benchmark's resource tree. */
export class Node {
  readonly children = new Map<string, Node>();
  constructor(
    readonly __name__: string,
    readonly __parent__: Node | null,
  ) {}
  __getitem__(name: string): Node | undefined {
    return this.children.get(name);
  }
}

/** A tree five levels deep, ten children per level along the benchmarked path. */
export function makeTree(): Node {
  const root = new Node('', null);
  let level = root;
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    for (let i = 0; i < 10; i++) level.children.set(`${name}${i}`, new Node(`${name}${i}`, level));
    level = level.children.get(`${name}3`) as Node;
  }
  return root;
}

/**
 * The resource at `path` (relative to the root, percent-encoded), looked up by hand as an app on a
 * framework without traversal would; undefined when a segment has no child.
 */
export function lookUp(root: Node, path: string): Node | undefined {
  let node: Node = root;
  for (const segment of path.split('/')) {
    if (segment === '') continue;
    const next = node.children.get(decodeURIComponent(segment));
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

export const traversal: ThroughputCase = {
  name: 'traversal, 5 levels deep',
  path: '/a3/b3/c3/d3/e3',
  plain: async () => {
    const root = makeTree();
    const app = Fastify();
    app.get('/*', async (request, reply) => {
      const node = lookUp(root, (request.params as { '*': string })['*']);
      if (node === undefined) {
        reply.code(404);
        return { error: 'not found' };
      }
      return { name: node.__name__ };
    });
    await app.ready();
    return app;
  },
  ziggurat: async () => {
    const root = makeTree();
    const config = new Configurator();
    config.setRootFactory(() => root);
    config.addView((request: Request) => ({ name: (request.context as Node).__name__ }), {
      context: Node,
      renderer: 'json',
    });
    return config.makeApp();
  },
};

/** Two services of the DI case: a price list (a singleton) and a formatter (made per request). */
@injectable()
class PriceList {
  readonly #prices = new Map([['tea', 350]]);
  priceOf(item: string): number {
    return this.#prices.get(item) ?? 0;
  }
}

@injectable()
class PriceFormatter {
  format(cents: number): string {
    return `€${(cents / 100).toFixed(2)}`;
  }
}

@injectable()
class PriceView {
  constructor(
    @inject(Request) private readonly request: Request,
    @inject(PriceList) private readonly prices: PriceList,
    @inject(PriceFormatter) private readonly formatter: PriceFormatter,
  ) {}
  call() {
    const item = String(this.request.matchdict.item);
    return { item, price: this.formatter.format(this.prices.priceOf(item)) };
  }
}

function priceConfig(): Configurator {
  const config = new Configurator();
  config.addRoute('price', '/prices/{item}');
  return config;
}

export const injectedViewClass: ThroughputCase = {
  name: 'view class, 2 injected services',
  path: '/prices/tea',
  plainIs: 'a Ziggurat function view calling the same services',
  plain: async () => {
    const config = priceConfig();
    const prices = new PriceList();
    config.addView(
      (request: Request) => {
        const item = String(request.matchdict.item);
        return { item, price: new PriceFormatter().format(prices.priceOf(item)) };
      },
      { routeName: 'price', renderer: 'json' },
    );
    return config.makeApp();
  },
  ziggurat: async () => {
    const config = priceConfig();
    config.registry.container.bind(PriceList).toSelf().inSingletonScope();
    config.registry.container.bind(PriceFormatter).toSelf();
    config.addView(PriceView, { routeName: 'price', renderer: 'json' });
    return config.makeApp();
  },
};

// bench/templates in the source tree (this file runs from build/bench/).
const TEMPLATES = fileURLToPath(new URL('../../bench/templates/', import.meta.url));
const pageValues = {
  title: 'Price list',
  items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `Item <${i}>`, price: `€${i}.50` })),
};

export const templatePage: ThroughputCase = {
  name: 'page: layout + 20-item loop',
  path: '/page',
  plain: async () => {
    const engine = Handlebars.create();
    engine.registerPartial('layout', readFileSync(`${TEMPLATES}partials/layout.hbs`, 'utf8'));
    const template = engine.compile(readFileSync(`${TEMPLATES}page.hbs`, 'utf8'));
    const app = Fastify();
    app.get('/page', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(template(pageValues)),
    );
    await app.ready();
    return app;
  },
  ziggurat: () => pageApp(),
};

/**
 * The template page's app, with the debug toolbar included when `toolbarHosts` is given (the clients
 * it records): the toolbar cases set it against the same app without the toolbar, so their ratio is
 * the toolbar's own cost.
 */
async function pageApp(toolbarHosts?: string) {
  const config = new Configurator({
    settings: {
      'handlebars.directories': TEMPLATES,
      ...(toolbarHosts === undefined ? {} : { 'debugtoolbar.hosts': toolbarHosts }),
    },
  });
  config.include(handlebars);
  if (toolbarHosts !== undefined) config.include(debugtoolbar);
  config.addRoute('page', '/page');
  config.addView(() => pageValues, { routeName: 'page', renderer: 'page.hbs' });
  return config.makeApp();
}

// A development server's load: a few browsers, not 50 clients. Under 50 connections, with both servers sharing a
// CPU, a few requests of these cases stalled past wrk's own 2 s timeout (seen twice, as later with the page case:
// the bench now gives wrk a 10 s timeout, see wrk.ts).
const TOOLBAR_CONNECTIONS = 10;

export const toolbarNotRecording: ThroughputCase = {
  name: 'debug toolbar, other clients',
  path: '/page',
  connections: TOOLBAR_CONNECTIONS,
  plainIs: 'the same page without the toolbar',
  plain: () => pageApp(),
  // The load comes from 127.0.0.1, which this toolbar does not answer: what an included toolbar costs
  // the requests it does not record.
  ziggurat: () => pageApp('192.0.2.1'),
};

export const toolbarRecording: ThroughputCase = {
  name: 'debug toolbar, recording',
  path: '/page',
  connections: TOOLBAR_CONNECTIONS,
  plainIs: 'the same page without the toolbar',
  plain: () => pageApp(),
  // Every request recorded (the panels collected, the history kept) and the toolbar added to the page.
  ziggurat: () => pageApp('127.0.0.1'),
};

/** A Fastify logger writing where nothing is kept, for the request-logging case. */
const nullLogger = { level: 'info', file: '/dev/null' };

export const loggedJson: ThroughputCase = {
  name: 'hello JSON, request logging on',
  path: '/',
  plain: async () => {
    // Fastify's own request logging: an "incoming request" and a "request completed" line.
    const app = Fastify({ logger: nullLogger });
    app.get('/', async () => hello);
    await app.ready();
    return app;
  },
  ziggurat: async () => {
    // Ziggurat's: one line with route and view, and the request id sent back in X-Request-Id.
    const config = new Configurator();
    config.addRoute('hello', '/');
    config.addView(() => hello, { routeName: 'hello', renderer: 'json' });
    return config.makeApp({ logger: nullLogger });
  },
};

/** The JSON API case's request body: valid under its schema. */
const newItem = { name: 'Tea', price: 350, tags: ['hot', 'drink'] };
/** What the JSON API case's body must be: Ajv checks it on both sides, extra properties removed. */
const itemBody = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    price: { type: 'integer', minimum: 0 },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
  },
  required: ['name', 'price'],
  additionalProperties: false,
} as const;
/** The JSON API case's answer: fast-json-stringify writes only these, never the stored secret. */
const createdItem = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    price: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['id', 'name', 'price'],
} as const;

interface NewItem {
  readonly name: string;
  readonly price: number;
  readonly tags?: string[];
}
/** The stored item the view returns: an internal field the response schema leaves out. */
const created = (item: NewItem) => ({ id: 1, ...item, owner: 'internal-owner-id' });

export const jsonApi: ThroughputCase = {
  name: 'JSON API: validated POST, 201',
  path: '/items',
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(newItem),
  plain: async () => {
    const app = Fastify();
    app.post(
      '/items',
      { schema: { body: itemBody, response: { 201: createdItem } } },
      async (request, reply) => {
        reply.code(201);
        return created(request.body as NewItem);
      },
    );
    await app.ready();
    return app;
  },
  ziggurat: async () => {
    const config = new Configurator();
    config.addRoute('items', '/items');
    config.addView(
      (request: Request) => {
        request.response.status = 201;
        return created(request.validated.body as NewItem);
      },
      {
        routeName: 'items',
        requestMethod: 'POST',
        renderer: 'json',
        schema: { body: itemBody, response: { 201: createdItem } },
      },
    );
    return config.makeApp();
  },
};

export const THROUGHPUT_CASES: readonly ThroughputCase[] = [
  helloJson,
  threePredicates,
  traversal,
  injectedViewClass,
  templatePage,
  jsonApi,
  loggedJson,
  toolbarNotRecording,
  toolbarRecording,
];

/** Start-up: time from nothing to a ready instance with `count` routes, each with a GET view. */
export async function startupPlain(count: number): Promise<FastifyInstance> {
  const app = Fastify();
  for (let i = 0; i < count; i++)
    app.get(`/r${i}/:id`, async (request) => ({ id: (request.params as { id: string }).id }));
  await app.ready();
  return app;
}

export async function startupZiggurat(count: number): Promise<FastifyInstance> {
  const config = new Configurator();
  const view = (request: Request) => ({ id: request.matchdict.id });
  for (let i = 0; i < count; i++) {
    config.addRoute(`r${i}`, `/r${i}/{id}`);
    config.addView(view, { routeName: `r${i}`, renderer: 'json', requestMethod: 'GET' });
  }
  return config.makeApp();
}
