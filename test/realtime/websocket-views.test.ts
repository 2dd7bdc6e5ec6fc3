// WebSocket views dispatched as views: routes, traversal, predicates, permissions, Origin, session.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import * as session from '../../addons/session/index.js';
import {
  Allow,
  type Configurator,
  DENY_ALL,
  Everyone,
  HTTPForbidden,
  NewResponse,
  type Request,
  type WebSocketConnection,
} from '../../lib/index.js';
import { connectWebSocket, injectWebSocket, WebSocketRefused } from '../../lib/testing/index.js';
import { appWith, CookieJar, call } from '../helpers.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function app(configure: (config: Configurator) => void, settings = {}): Promise<FastifyInstance> {
  const made = await appWith(configure, { settings });
  apps.push(made);
  return made;
}

const echo = (socket: WebSocketConnection) => {
  socket.onMessage((message) => socket.send(message));
};

async function refusal(opening: Promise<unknown>): Promise<number> {
  const error = await opening.then(
    () => assert.fail('the upgrade should have been refused'),
    (error: unknown) => error,
  );
  assert.ok(error instanceof WebSocketRefused, String(error));
  return error.statusCode;
}

class Room {
  __name__ = 'lobby';
  __parent__: unknown = null;
  __acl__ = [[Allow, Everyone, 'chat'], DENY_ALL];
}

class Root {
  __name__ = '';
  __parent__ = null;
  readonly lobby = Object.assign(new Room(), { __parent__: this });
  __getitem__(name: string) {
    return name === 'lobby' ? this.lobby : undefined;
  }
}

describe('addWebSocketView', () => {
  it('opens a socket on a route, without a port and over the network', async () => {
    const made = await app((config) => {
      config.addRoute('echo', '/echo');
      config.addWebSocketView(echo, { routeName: 'echo' });
    });
    const injected = await injectWebSocket(made, '/echo');
    injected.send('hello');
    assert.equal(await injected.nextMessage(), 'hello');
    await injected.close();
    const networked = await connectWebSocket(made, '/echo');
    networked.send(Buffer.from([1, 2, 3]));
    assert.deepEqual(await networked.nextMessage(), Buffer.from([1, 2, 3]));
    await networked.close();
  });

  it('finds the view by traversal: the context and view name are set when the socket opens', async () => {
    const made = await app((config) => {
      config.setRootFactory(() => new Root());
      config.addWebSocketView(
        (socket: WebSocketConnection, request: Request) =>
          socket.sendJson({ context: (request.context as Room).__name__, view: request.viewName }),
        { context: Room, name: 'chat' },
      );
    });
    const socket = await injectWebSocket(made, '/lobby/chat');
    assert.deepEqual(await socket.nextJson(), { context: 'lobby', view: 'chat' });
    assert.equal(await refusal(injectWebSocket(made, '/lobby/other')), 404);
    assert.equal(await refusal(injectWebSocket(made, '/nowhere/chat')), 404);
  });

  it('answers a plain GET to a WebSocket-only route with 404, and lets an ordinary view share it', async () => {
    const made = await app((config) => {
      config.addRoute('feed', '/feed');
      config.addWebSocketView((socket: WebSocketConnection) => socket.send('socket'), { routeName: 'feed' });
      config.addRoute('only', '/only');
      config.addWebSocketView(echo, { routeName: 'only' });
      config.addView(() => ({ page: 'feed' }), { routeName: 'feed', renderer: 'json' });
    });
    assert.deepEqual((await call(made, '/feed')).json, { page: 'feed' });
    assert.equal(
      (await call(made, { url: '/only', headers: { upgrade: 'websocket', connection: 'upgrade' } })).status,
      404,
    );
    assert.equal((await call(made, '/only')).status, 404);
    const socket = await injectWebSocket(made, '/feed');
    assert.equal(await socket.nextMessage(), 'socket');
  });

  it('chooses among WebSocket views by their predicates', async () => {
    const made = await app((config) => {
      config.addRoute('ws', '/ws');
      config.addWebSocketView((socket: WebSocketConnection) => socket.send('v2'), {
        routeName: 'ws',
        header: 'Sec-WebSocket-Protocol:v2',
      });
      config.addWebSocketView((socket: WebSocketConnection) => socket.send('any'), { routeName: 'ws' });
    });
    const v2 = await injectWebSocket(made, '/ws', { headers: { 'sec-websocket-protocol': 'v2' } });
    assert.equal(await v2.nextMessage(), 'v2');
    const other = await injectWebSocket(made, '/ws');
    assert.equal(await other.nextMessage(), 'any');
  });

  it('refuses an upgrade the security policy does not permit with 403, before any socket exists', async () => {
    let opened = 0;
    const made = await app((config) => {
      config.setRootFactory(() => new Root());
      config.setSecurityPolicy({
        identity: () => null,
        authenticatedUserid: (request) => request.headerValue('x-user') ?? null,
        permits: (request, _context, permission) =>
          permission === 'chat' && request.headerValue('x-user') === 'ada',
        remember: () => [],
        forget: () => [],
      });
      config.addWebSocketView(
        (socket: WebSocketConnection, request: Request) => {
          opened++;
          socket.sendJson({ user: request.authenticatedUserid });
        },
        { context: Room, name: 'chat', permission: 'chat' },
      );
    });
    assert.equal(await refusal(injectWebSocket(made, '/lobby/chat', { headers: { 'x-user': 'bob' } })), 403);
    assert.equal(await refusal(connectWebSocket(made, '/lobby/chat')), 403);
    assert.equal(opened, 0);
    const socket = await connectWebSocket(made, '/lobby/chat', { headers: { 'x-user': 'ada' } });
    assert.deepEqual(await socket.nextJson(), { user: 'ada' });
    await socket.close();
  });

  it('sends the headers the response got on its way (response callbacks, NewResponse) with the 101', async () => {
    const made = await app((config) => {
      config.addSubscriber((event: NewResponse) => {
        event.response.headers.set('X-Served-By', 'ziggurat');
      }, NewResponse);
      config.addRoute('echo', '/echo');
      config.addWebSocketView(echo, { routeName: 'echo' });
    });
    const socket = await connectWebSocket(made, '/echo');
    assert.equal(socket.upgradeHeaders['x-served-by'], 'ziggurat');
    await socket.close();
  });

  it("gives the handler the request's session", async () => {
    const made = await app(
      (config) => {
        config.include(session);
        config.addRoute('visit', '/visit');
        config.addView(
          (request: Request) => {
            request.session.set('name', 'ada');
            return { ok: true };
          },
          { routeName: 'visit', renderer: 'json' },
        );
        config.addRoute('ws', '/ws');
        config.addWebSocketView(
          (socket: WebSocketConnection, request: Request) =>
            socket.sendJson({ name: request.session.get('name') ?? null }),
          { routeName: 'ws' },
        );
      },
      { 'session.secret': 'a-test-secret-that-is-long-enough-0001' },
    );
    const jar = new CookieJar();
    await jar.call(made, '/visit');
    const socket = await connectWebSocket(made, '/ws', { headers: { cookie: jar.header() } });
    assert.deepEqual(await socket.nextJson(), { name: 'ada' });
    const stranger = await connectWebSocket(made, '/ws');
    assert.deepEqual(await stranger.nextJson(), { name: null });
  });

  it("refuses an Origin that is neither the app's own nor trusted (cross-site WebSocket hijacking)", async () => {
    const made = await app(
      (config) => {
        config.addRoute('echo', '/echo');
        config.addWebSocketView(echo, { routeName: 'echo' });
      },
      { 'csrf.trustedOrigins': 'https://*.example.org' },
    );
    assert.equal(
      await refusal(injectWebSocket(made, '/echo', { headers: { origin: 'https://evil.test' } })),
      403,
    );
    assert.equal(await refusal(injectWebSocket(made, '/echo', { headers: { origin: 'null' } })), 403);
    await injectWebSocket(made, '/echo', { headers: { origin: 'http://localhost' } });
    await injectWebSocket(made, '/echo', { headers: { origin: 'https://chat.example.org' } });
    await injectWebSocket(made, '/echo');
  });

  it('answers a refused upgrade through the forbidden view', async () => {
    let forbiddenViews = 0;
    const made = await app((config) => {
      config.addRoute('ws', '/ws');
      config.addWebSocketView(echo, { routeName: 'ws', permission: 'never' });
      config.setSecurityPolicy({
        identity: () => null,
        authenticatedUserid: () => null,
        permits: () => false,
        remember: () => [],
        forget: () => [],
      });
      config.addForbiddenView(
        (request: Request) => {
          assert.ok(request.exception instanceof HTTPForbidden);
          forbiddenViews++;
          return { refused: true };
        },
        { renderer: 'json' },
      );
    });
    assert.equal(await refusal(connectWebSocket(made, '/ws')), 403);
    assert.equal(forbiddenViews, 1);
  });
});
