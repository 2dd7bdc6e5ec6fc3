// The benchmark cases: each builds the same work twice, once with plain Fastify and once through Ziggurat.
import Fastify, { type FastifyInstance } from 'fastify';
import { Configurator, type Request } from '../lib/index.js';

/** One side of a case: builds a ready (not listening) Fastify instance. */
export type Build = () => Promise<FastifyInstance>;

/** A throughput case: the two sides and the request autocannon sends. */
export interface ThroughputCase {
  readonly name: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
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

export const THROUGHPUT_CASES: readonly ThroughputCase[] = [helloJson, threePredicates];

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
