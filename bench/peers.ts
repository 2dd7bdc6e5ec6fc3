// The peers: NestJS on its Fastify adapter and Hono on @hono/node-server, each doing the hello JSON
// case and the 5-level resource lookup by hand, against plain Fastify doing the same.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Controller, Get, Module, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Hono } from 'hono';
import { type Build, helloJson, lookUp, makeTree, traversal } from './cases.js';

/** A peer's case: plain Fastify (`plain`) against the peer (`other`) doing the same work. */
export interface PeerCase {
  readonly name: string;
  /** The peer's short name, as the report labels its side. */
  readonly peer: string;
  /** The Ziggurat case doing the same work. */
  readonly sameAs: string;
  readonly path: string;
  readonly plain: Build;
  readonly other: Build;
}

const hello = { hello: 'world' };
const tree = makeTree();

@Controller()
class NestHello {
  @Get()
  hello() {
    return hello;
  }
}

@Module({ controllers: [NestHello] })
class NestHelloModule {}

@Controller()
class NestLookup {
  // Fastify's wildcard, as plain Fastify's case registers it; the reply is sent as Nest returns it.
  @Get('*')
  find(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const node = lookUp(tree, (request.params as { '*': string })['*']);
    if (node === undefined) {
      reply.code(404);
      return { error: 'not found' };
    }
    return { name: node.__name__ };
  }
}

@Module({ controllers: [NestLookup] })
class NestLookupModule {}

/** A NestJS app on the Fastify adapter, without Nest's logger (plain Fastify logs nothing either). */
async function nest(module: new () => object) {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  return {
    server: app.getHttpServer(),
    listen: ({ host, port }: { host: string; port: number }) => app.listen(port, host),
  };
}

/** A Hono app served by @hono/node-server, started on listen. */
function honoServer(app: Hono) {
  let address: AddressInfo | null = null;
  let server: ServerType | null = null;
  return {
    server: { address: () => address },
    listen: ({ host, port }: { host: string; port: number }) =>
      new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
          address = info;
          resolve();
        });
      }),
    close: () => new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined))),
  };
}

export const PEER_CASES: readonly PeerCase[] = [
  {
    name: 'NestJS 11 (Fastify adapter): hello JSON',
    peer: 'nestjs',
    sameAs: helloJson.name,
    path: helloJson.path,
    plain: helloJson.plain,
    other: () => nest(NestHelloModule),
  },
  {
    name: 'NestJS 11 (Fastify adapter): 5-level lookup by hand',
    peer: 'nestjs',
    sameAs: traversal.name,
    path: traversal.path,
    plain: traversal.plain,
    other: () => nest(NestLookupModule),
  },
  {
    name: 'Hono 4 (@hono/node-server): hello JSON',
    peer: 'hono',
    sameAs: helloJson.name,
    path: helloJson.path,
    plain: helloJson.plain,
    other: async () => {
      const app = new Hono();
      app.get('/', (c) => c.json(hello));
      return honoServer(app);
    },
  },
  {
    name: 'Hono 4 (@hono/node-server): 5-level lookup by hand',
    peer: 'hono',
    sameAs: traversal.name,
    path: traversal.path,
    plain: traversal.plain,
    other: async () => {
      const app = new Hono();
      app.get('/*', (c) => {
        const node = lookUp(tree, c.req.path.slice(1));
        return node === undefined ? c.json({ error: 'not found' }, 404) : c.json({ name: node.__name__ });
      });
      return honoServer(app);
    },
  },
];
