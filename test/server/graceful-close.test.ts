// closeGracefully over real sockets: readiness off first, serving through the delay, in-flight work, the bound.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Configurator, closeGracefully, isShuttingDown, type ShutdownStep } from '../../lib/index.js';
import { within } from '../cli/helpers.js';

interface Answer {
  status?: number;
  body?: string;
  connection?: string;
  error?: string;
}

function get(url: string, agent: http.Agent | false = false): Promise<Answer> {
  return new Promise((resolve) => {
    http
      .get(url, { agent }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode, body, connection: response.headers.connection }),
        );
        response.on('error', (error) => resolve({ error: error.message }));
      })
      .on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

/** An app with `/` and `/slow` (answers when `release()` is called), listening on a free port. */
async function slowApp(events: string[]) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const config = new Configurator();
  config.addRoute('home', '/');
  config.addView(() => 'home', { routeName: 'home', renderer: 'string' });
  config.addRoute('slow', '/slow');
  config.addView(
    async () => {
      events.push('slow started');
      await released;
      return 'slow';
    },
    { routeName: 'slow', renderer: 'string' },
  );
  config.configureFastify((app) => app.addHook('onClose', async () => void events.push('onClose')));
  const app = await config.makeApp({ logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return { app, url, release };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`${what} did not happen within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function closeQuietly(app: FastifyInstance): Promise<void> {
  if (app.server.listening) await app.close();
}

describe('closeGracefully', () => {
  it('turns readiness off, serves through the delay with Connection: close, lets the request in flight finish, then runs onClose', {
    timeout: 30_000,
  }, async () => {
    const events: string[] = [];
    const { app, url, release } = await slowApp(events);
    const keepAlive = new http.Agent({ keepAlive: true });
    try {
      const slow = get(`${url}/slow`, keepAlive);
      await waitFor(() => events.includes('slow started'), 'the slow request');
      const steps: ShutdownStep[] = [];
      const closed = closeGracefully(app, { delay: 300, timeout: 5_000, onStep: (step) => steps.push(step) });
      assert.equal(isShuttingDown(app), true, 'readiness is off at once');
      assert.deepEqual(steps, ['not-ready']);
      const during = await get(`${url}/`);
      assert.deepEqual(during, { status: 200, body: 'home', connection: 'close' });
      release();
      const finished = await slow;
      assert.equal(finished.status, 200);
      assert.equal(finished.body, 'slow');
      // The slow request's keep-alive connection is closed once idle, long before keepAliveTimeout (72 s).
      await within(closed, 10_000, 'closeGracefully');
      assert.deepEqual(steps, ['not-ready', 'draining', 'listener-closed', 'closed']);
      assert.deepEqual(events, ['slow started', 'onClose'], 'onClose ran after the request in flight');
      assert.equal((await get(`${url}/`)).error, 'ECONNREFUSED');
    } finally {
      keepAlive.destroy();
      release();
      await closeQuietly(app);
    }
  });

  it('cuts the connections still busy when the timeout ends, and still closes the app', {
    timeout: 30_000,
  }, async () => {
    const events: string[] = [];
    const { app, url, release } = await slowApp(events);
    try {
      const slow = get(`${url}/slow`);
      await waitFor(() => events.includes('slow started'), 'the slow request');
      const steps: ShutdownStep[] = [];
      await within(
        closeGracefully(app, { timeout: 300, onStep: (step) => steps.push(step) }),
        10_000,
        'closeGracefully',
      );
      assert.ok(steps.includes('connections-cut'), steps.join(', '));
      assert.equal(steps.at(-1), 'closed');
      assert.ok((await slow).error, 'the cut request got no answer');
      assert.ok(events.includes('onClose'));
    } finally {
      release();
      await closeQuietly(app);
    }
  });

  it('closes an app that never listened, once however often it is asked', { timeout: 10_000 }, async () => {
    const app = await new Configurator().makeApp({ logger: false });
    const steps: ShutdownStep[] = [];
    const first = closeGracefully(app, { onStep: (step) => steps.push(step) });
    assert.equal(closeGracefully(app), first, 'a second call waits for the first');
    await first;
    assert.deepEqual(steps, ['not-ready', 'closed']);
    assert.equal(isShuttingDown(app), true);
  });
});
