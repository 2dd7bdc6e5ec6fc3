// The SQL add-on when PostgreSQL cannot be reached or a connection breaks: 503 with Retry-After, one log line, recovery.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql as raw } from 'kysely';
import * as sql from '../../../addons/sql/index.js';
import { getDatabase, isUnavailableError, migrate, migrateCommand } from '../../../addons/sql/index.js';
import {
  Configurator,
  HTTPServiceUnavailable,
  loadApp,
  type Request,
  type Settings,
  type ZigguratError,
} from '../../../lib/index.js';
import { ROOT, settingsDir } from '../../cli/helpers.js';
import { call } from '../../helpers.js';
import {
  gate,
  postgresDatabase,
  type TestDatabase,
  terminateBackends,
  until,
  withAdmin,
} from './databases.js';

const CODE = 'ZIG_ERR_SQL_UNAVAILABLE';

/** Fastify logger options writing JSON lines into an array, and the count of outage lines. */
function captureLog() {
  const lines: string[] = [];
  const logger = { level: 'debug', stream: { write: (line: string) => void lines.push(line) } };
  const outages = () => lines.filter((line) => JSON.parse(line).code === CODE).length;
  const recoveries = () =>
    lines.filter((line) => line.includes('The SQL database is reachable again')).length;
  return { lines, logger, outages, recoveries };
}

/** A port on 127.0.0.1 that nothing listens on (connections to it are refused). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A TCP server that accepts connections and never says a word (a database that hangs). */
function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      const close = () =>
        new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        });
      resolve({ port, close });
    });
  });
}

/** A TCP proxy to the local PostgreSQL that can be frozen: it then drops everything, both ways. */
function freezableProxy(): Promise<{ port: number; freeze(): void; close(): Promise<void> }> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(5432, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => void (frozen || upstream.write(chunk)));
    upstream.on('data', (chunk) => void (frozen || client.write(chunk)));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      const close = () =>
        new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        });
      resolve({ port, freeze: () => void (frozen = true), close });
    });
  });
}

/** An app on `url` with views that query; `state.attempts` counts runs of the /count view. */
async function unavailableApp(url: string, settings: Settings = {}, logger: object | false = false) {
  const state = { attempts: 0, between: null as null | (() => Promise<void>) };
  const config = new Configurator({ settings: { 'sql.url': url, 'sql.retryAfter': 7, ...settings } });
  config.include(sql);
  config.addRoute('count', '/count');
  config.addRoute('write', '/write');
  config.addRoute('plain', '/plain');
  config.addRoute('broken', '/broken');
  config.addRoute('slow', '/slow');
  config.addView(
    async (request: Request) => {
      state.attempts += 1;
      const result = await raw<{ n: number }>`SELECT count(*)::int AS n FROM items`.execute(request.db);
      return { count: result.rows[0]?.n };
    },
    { routeName: 'count', renderer: 'json' },
  );
  config.addView(
    async (request: Request) => {
      state.attempts += 1;
      await raw`INSERT INTO items DEFAULT VALUES`.execute(request.db);
      await state.between?.();
      await raw`SELECT 1`.execute(request.db);
      return { written: true };
    },
    { routeName: 'write', renderer: 'json' },
  );
  config.addView(() => ({ plain: true }), { routeName: 'plain', renderer: 'json' });
  config.addView(
    async (request: Request) => {
      await raw`SELEKT 1`.execute(request.db);
      return {};
    },
    { routeName: 'broken', renderer: 'json' },
  );
  config.addView(
    async (request: Request) => {
      await raw`SELECT pg_sleep(5)`.execute(request.db);
      return {};
    },
    { routeName: 'slow', renderer: 'json' },
  );
  const app = await config.makeApp(logger === false ? {} : { logger });
  return { app, config, state };
}

describe('SQL add-on: classifying connection failures', { timeout: 30_000 }, () => {
  const coded = (code: string) => Object.assign(new Error(code), { code });

  it('knows connection-level failures by their Node and pg codes and messages, also as a cause', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '08006', '08001', '57P01']) {
      assert.equal(isUnavailableError(coded(code)), true, code);
    }
    for (const code of ['57P02', '57P03', '3D000', '53300'])
      assert.equal(isUnavailableError(coded(code)), true);
    assert.equal(isUnavailableError(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isUnavailableError(new Error('timeout exceeded when trying to connect')), true);
    assert.equal(isUnavailableError(new Error('Query read timeout')), true);
    assert.equal(isUnavailableError(new Error('wrapped', { cause: coded('ECONNRESET') })), true);
  });

  it('leaves ordinary SQL errors alone: constraints, syntax, serialization failures, statement timeouts', () => {
    for (const code of ['23505', '23503', '42601', '42P01', '40001', '40P01', '57014', 'SQLITE_BUSY']) {
      assert.equal(isUnavailableError(coded(code)), false, code);
    }
    assert.equal(isUnavailableError(new Error('boom')), false);
    assert.equal(isUnavailableError('ECONNREFUSED'), false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    assert.equal(isUnavailableError(loop), false);
  });

  it('answers 500, not 503, when a view fails to reach some other service (not the database)', async () => {
    const config = new Configurator({ settings: { 'sql.url': 'sqlite::memory:' } });
    config.include(sql);
    config.addRoute('elsewhere', '/elsewhere');
    config.addView(
      () => {
        throw coded('ECONNREFUSED');
      },
      { routeName: 'elsewhere', renderer: 'json' },
    );
    const app = await config.makeApp();
    try {
      const answer = await call(app, '/elsewhere');
      assert.equal(answer.status, 500);
      assert.equal(answer.headers['retry-after'], undefined);
    } finally {
      await app.close();
    }
  });
});

describe('SQL add-on: a PostgreSQL server that cannot be reached', { timeout: 30_000 }, () => {
  let url: string;

  before(async () => {
    url = `postgres://postgres@127.0.0.1:${await closedPort()}/nowhere`;
  });

  it("answers 503 with Retry-After through the app's exception views, and logs the outage once", async () => {
    const log = captureLog();
    const { app } = await unavailableApp(url, {}, log.logger);
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await call(app, { url: '/count', headers: { accept: 'application/json' } });
        assert.equal(answer.status, 503);
        assert.equal(answer.headers['retry-after'], '7');
        assert.equal(answer.json.title, 'Service Unavailable');
      }
      assert.equal((await call(app, '/plain')).status, 200, 'views without the database still work');
      assert.equal(log.outages(), 1, 'one outage, one log line');
    } finally {
      await app.close();
    }
  });

  it('lets an exception view for HTTPServiceUnavailable render the 503, and leaks nothing without one', async () => {
    const config = new Configurator({ settings: { 'sql.url': url } });
    config.include(sql);
    config.addRoute('count', '/count');
    config.addView(async (request: Request) => (await raw`SELECT 1`.execute(request.db)).rows, {
      routeName: 'count',
      renderer: 'json',
    });
    config.addExceptionView(
      (request: Request) => ({ sorry: (request.exception as HTTPServiceUnavailable).status }),
      { context: HTTPServiceUnavailable, renderer: 'json' },
    );
    const custom = await config.makeApp();
    const debug = await unavailableApp(url, { 'ziggurat.debug': true });
    try {
      const answer = await call(custom, '/count');
      assert.equal(answer.status, 503);
      assert.equal(answer.headers['retry-after'], '5', 'the default sql.retryAfter');
      assert.deepEqual(answer.json, { sorry: 503 });
      const plain = await call(debug.app, '/count');
      assert.equal(plain.status, 503);
      assert.match(plain.body, /^503 Service Unavailable\n/);
      assert.doesNotMatch(plain.body, /ECONNREFUSED|127\.0\.0\.1|\n\s+at /);
    } finally {
      await custom.close();
      await debug.app.close();
    }
  });

  it('raises ZIG_ERR_SQL_UNAVAILABLE from getDatabase, migrate and `ziggurat migrate`, not a crash', async () => {
    const { app, config } = await unavailableApp(url);
    try {
      const isUnavailable = (error: ZigguratError) => {
        assert.equal(error.code, CODE);
        assert.match(error.message, /Cannot connect to the SQL database: .*ECONNREFUSED/);
        return true;
      };
      await assert.rejects(raw`SELECT 1`.execute(getDatabase(config.registry)), isUnavailable);
      await assert.rejects(migrate(config.registry, 'latest', { folder: ROOT }), isUnavailable);
      await assert.rejects(migrate(config.registry, 'status', { folder: ROOT }), isUnavailable);
    } finally {
      await app.close();
    }
    const fixture = `${ROOT}build/test/addons/sql/fixture-app.js`;
    const { dir, file } = settingsDir(
      `[app]\nuse = ${fixture}\nsql.url = ${url}\nsql.migrations = ${ROOT}\n`,
    );
    const loaded = await loadApp(file, { logger: false });
    try {
      let stderr = '';
      const io = {
        stdout: process.stdout,
        stderr: { write: (text: string) => Boolean((stderr += text)) } as unknown as NodeJS.WritableStream,
        cwd: dir,
        env: {},
      };
      assert.equal(await migrateCommand.run(['latest'], io, loaded), 1);
      assert.match(
        stderr,
        /^ziggurat migrate: ZIG_ERR_SQL_UNAVAILABLE: Cannot connect to the SQL database: .*ECONNREFUSED.*; check sql\.url, set at .*\.ini:3 or by the environment variable SQL_URL\)\n$/,
      );
    } finally {
      await loaded.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 once sql.connectTimeout passes when the server accepts but never answers', async () => {
    const silent = await silentServer();
    const { app } = await unavailableApp(`postgres://postgres@127.0.0.1:${silent.port}/hung`, {
      'sql.connectTimeout': 300,
    });
    try {
      const answer = await call(app, '/count');
      assert.equal(answer.status, 503);
      assert.equal(answer.headers['retry-after'], '7');
    } finally {
      await app.close();
      await silent.close();
    }
  });
});

/** The same, from a separate process while this one is blocked: its sockets are not read meanwhile. */
function terminateBackendsBlocking(name: string): void {
  const script = `
const pg = require('pg');
(async () => {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  const name = process.argv[1];
  await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
  for (let tries = 0; tries < 200; tries++) {
    const left = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    if (left.rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await client.end();
})();`;
  execFileSync(process.execPath, ['-e', script, name], { cwd: ROOT, timeout: 10_000 });
}

describe('SQL add-on: PostgreSQL connections that break', { timeout: 30_000 }, () => {
  let database: TestDatabase;
  let name: string;

  before(async () => {
    database = await postgresDatabase();
    name = new URL(database.url).pathname.slice(1);
    await withAdmin((client) => client.query('CREATE TABLE items (id serial PRIMARY KEY)'), name);
  });
  after(async () => {
    await database?.drop();
  });

  it('runs a request again on a new connection when its pooled one died while idle', async () => {
    const log = captureLog();
    const { app, state } = await unavailableApp(database.url, { 'sql.poolSize': 1 }, log.logger);
    try {
      assert.equal((await call(app, '/count')).status, 200);
      // This process reads no socket while the backend is killed: the pool still holds the dead
      // connection as idle, and the next request's BEGIN is the first to find out.
      terminateBackendsBlocking(name);
      state.attempts = 0;
      const answer = await call(app, '/count');
      assert.equal(answer.status, 200);
      assert.equal(state.attempts, 2, 'the view ran again after BEGIN failed on the dead connection');
      assert.equal(log.outages(), 1);
    } finally {
      await app.close();
    }
  });

  it('answers 503, without running the view again, when the connection dies mid-transaction', async () => {
    const log = captureLog();
    const { app, state } = await unavailableApp(database.url, {}, log.logger);
    try {
      const inside = gate();
      state.between = async () => {
        inside.open();
        // The connection is checked out, idle in the transaction: pg emits 'error' on the client.
        await terminateBackends(name);
        await until(() => log.outages() === 1, 'the outage log line');
      };
      state.attempts = 0;
      const answer = await call(app, '/write');
      await inside.promise;
      assert.equal(answer.status, 503);
      assert.equal(answer.headers['retry-after'], '7');
      assert.equal(state.attempts, 1, 'a transaction cut after BEGIN is not run again');
      state.between = null;
      assert.deepEqual((await call(app, '/count')).json, { count: 0 }, 'the server rolled the insert back');
      assert.equal((await call(app, '/write')).status, 200, 'a new connection serves the next request');
      assert.equal(log.outages(), 1);
    } finally {
      await app.close();
    }
  });

  it('answers 503, but logs no outage, when every pooled connection stays busy', async () => {
    const log = captureLog();
    const { app, state } = await unavailableApp(
      database.url,
      { 'sql.poolSize': 1, 'sql.connectTimeout': 200 },
      log.logger,
    );
    const release = gate();
    try {
      const inside = gate();
      state.between = async () => {
        inside.open();
        await release.promise;
      };
      const holding = call(app, '/write');
      await inside.promise;
      const waited = await call(app, '/count');
      assert.equal(waited.status, 503);
      assert.equal(waited.headers['retry-after'], '7');
      release.open();
      assert.equal((await holding).status, 200);
      assert.equal(log.outages(), 0);
    } finally {
      release.open(); // else closing the app would wait for the held connection forever
      await app.close();
    }
  });

  it('keeps SQL errors and statement timeouts as 500s, with the connection kept', async () => {
    const log = captureLog();
    const { app } = await unavailableApp(
      database.url,
      { 'sql.queryTimeout': 200, 'sql.poolSize': 1 },
      log.logger,
    );
    try {
      assert.equal((await call(app, '/broken')).status, 500);
      assert.equal((await call(app, '/slow')).status, 500);
      assert.equal((await call(app, '/count')).status, 200);
      assert.equal(log.outages(), 0);
    } finally {
      await app.close();
    }
  });

  it('answers 503 after sql.queryTimeout (and a grace period) when the server stops answering', async () => {
    const proxy = await freezableProxy();
    const log = captureLog();
    const { app, state } = await unavailableApp(
      `postgres://postgres@127.0.0.1:${proxy.port}/${name}`,
      { 'sql.queryTimeout': 300 },
      log.logger,
    );
    try {
      assert.equal((await call(app, '/count')).status, 200);
      proxy.freeze();
      state.attempts = 0;
      const answer = await call(app, '/count');
      assert.equal(answer.status, 503);
      assert.equal(state.attempts, 1, 'a timed-out connection is not retried');
      assert.equal(log.outages(), 1);
    } finally {
      await proxy.close();
      await app.close();
    }
  });
});
