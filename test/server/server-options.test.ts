// makeApp's safe server defaults (timeouts, body limit) under the caller's options, and serverOptions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configurator, SERVER_DEFAULTS, serverOptions } from '../../lib/index.js';

/** Fastify's options, with the `http` (createServer) options its HTTP/1 variant takes. */
type Options = Parameters<Configurator['makeApp']>[0] & { http?: Record<string, unknown> };

/** What Node's http.Server keeps of its createServer options (not all are in its types). */
type ServerKeeps = { maxHeaderSize?: number; connectionsCheckingInterval?: number };

async function appWith(options: Options = {}) {
  const config = new Configurator();
  config.addRoute('home', '/');
  config.addView(() => 'ok', { routeName: 'home', renderer: 'string' });
  return config.makeApp({ logger: false, ...options });
}

describe('makeApp server defaults', () => {
  it('sets a request timeout, a headers timeout, a keep-alive timeout and a body limit', async () => {
    const app = await appWith();
    try {
      assert.equal(app.server.requestTimeout, 30_000, 'Fastify alone sets none (0)');
      assert.equal(app.server.headersTimeout, 10_000);
      assert.equal(app.server.keepAliveTimeout, 72_000);
      assert.equal(app.initialConfig.bodyLimit, 1_048_576);
      assert.equal((app.server as ServerKeeps).connectionsCheckingInterval, 1_000, 'checked every second');
      assert.deepEqual(
        {
          requestTimeout: app.server.requestTimeout,
          headersTimeout: app.server.headersTimeout,
          keepAliveTimeout: app.server.keepAliveTimeout,
          bodyLimit: app.initialConfig.bodyLimit,
        },
        {
          requestTimeout: SERVER_DEFAULTS.requestTimeout,
          headersTimeout: SERVER_DEFAULTS.headersTimeout,
          keepAliveTimeout: SERVER_DEFAULTS.keepAliveTimeout,
          bodyLimit: SERVER_DEFAULTS.bodyLimit,
        },
      );
    } finally {
      await app.close();
    }
  });

  it("lets the caller's Fastify options win, http merged key by key", async () => {
    const app = await appWith({
      requestTimeout: 0,
      keepAliveTimeout: 5_000,
      bodyLimit: 10,
      http: { headersTimeout: 20_000, maxHeaderSize: 4096 },
    });
    try {
      assert.equal(app.server.requestTimeout, 0);
      assert.equal(app.server.headersTimeout, 20_000);
      assert.equal((app.server as ServerKeeps).maxHeaderSize, 4096);
      assert.equal(app.server.keepAliveTimeout, 5_000);
      assert.equal(app.initialConfig.bodyLimit, 10);
    } finally {
      await app.close();
    }
  });

  it('keeps the headers timeout within a shorter request timeout', async () => {
    const app = await appWith({ requestTimeout: 4_000 });
    try {
      assert.equal(app.server.headersTimeout, 4_000);
    } finally {
      await app.close();
    }
  });
});

describe('serverOptions', () => {
  it('turns a [server] section into Fastify options', () => {
    const options = serverOptions({
      ...SERVER_DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      workers: 1,
      trustProxy: ['10.0.0.0/8'],
      requestTimeout: 5_000,
      headersTimeout: 2_000,
    });
    assert.deepEqual(options, {
      trustProxy: ['10.0.0.0/8'],
      requestTimeout: 5_000,
      keepAliveTimeout: SERVER_DEFAULTS.keepAliveTimeout,
      bodyLimit: SERVER_DEFAULTS.bodyLimit,
      http: { headersTimeout: 2_000 },
    });
  });
});
