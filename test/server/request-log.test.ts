// The request log: one line per request once answered (id, method, path, status, duration, route,
// view, user id when the request authenticated), instead of Fastify's pair; X-Request-Id taken when
// safe and sent back; levels per logger namespace from a settings file's [logging] section.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  Configurator,
  loadSettings,
  loggerOptions,
  type Request,
  type SecurityPolicy,
  type ZigguratError,
} from '../../lib/index.js';

type Line = Record<string, unknown>;

function capture(): { stream: Writable; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines };
}

/** A policy that reads the user from a header, and counts how often it was asked. */
class HeaderPolicy implements SecurityPolicy {
  asked = 0;
  identity(request: Request) {
    return request.headerValue('x-user') ?? null;
  }
  authenticatedUserid(request: Request) {
    this.asked++;
    return Promise.resolve(request.headerValue('x-user') ?? null);
  }
  permits() {
    return true;
  }
  remember() {
    return [];
  }
  forget() {
    return [];
  }
}

function home() {
  return { home: true };
}

async function loggedApp(stream: Writable, policy = new HeaderPolicy()): Promise<FastifyInstance> {
  const config = new Configurator();
  config.setSecurityPolicy(policy);
  config.addRoute('home', '/');
  config.addView(home, { routeName: 'home', renderer: 'json' });
  config.addRoute('boom', '/boom');
  config.addView(
    () => {
      throw new Error('boom');
    },
    { routeName: 'boom', renderer: 'json' },
  );
  config.addRoute('me', '/me');
  config.addView(async (request: Request) => ({ user: await request.authenticatedUserid }), {
    routeName: 'me',
    renderer: 'json',
  });
  return config.makeApp({ logger: { level: 'info', stream } });
}

const completions = (lines: Line[]) => lines.filter((line) => line.name === 'ziggurat.requests');

describe('the request log', () => {
  it("logs one line per request with its fields, and none of Fastify's own", async () => {
    const { stream, lines } = capture();
    const app = await loggedApp(stream);
    const reply = await app.inject({ url: '/?q=secret', headers: { 'x-request-id': 'trace-42' } });
    assert.equal(reply.statusCode, 200);
    const [line, ...more] = completions(lines);
    assert.equal(more.length, 0);
    assert.equal(line?.level, 30);
    assert.equal(line?.reqId, 'trace-42');
    assert.equal(line?.method, 'GET');
    assert.equal(line?.path, '/');
    assert.equal(line?.statusCode, 200);
    assert.equal(typeof line?.durationMs, 'number');
    assert.equal(line?.route, 'home');
    assert.equal(line?.view, 'home');
    assert.match(String(line?.msg), /^GET \/ 200 in [\d.]+ ms$/);
    assert.ok(!lines.some((entry) => /incoming request|request completed/.test(String(entry.msg))));
    await app.close();
  });

  it("names an anonymous view by where it was added, and a traversal request's route as null", async () => {
    const { stream, lines } = capture();
    const config = new Configurator();
    config.addView(() => ({ root: true }), { renderer: 'json' }); // MARK:anonymous
    const app = await config.makeApp({ logger: { level: 'info', stream } });
    await app.inject('/');
    const line = completions(lines)[0];
    assert.equal(line?.route, null);
    assert.match(String(line?.view), /^test\/server\/request-log\.test\.ts:\d+$/);
    await app.close();
  });

  it('takes a safe X-Request-Id and sends it back; replaces an unsafe or missing one by a new id', async () => {
    const { stream, lines } = capture();
    const app = await loggedApp(stream);
    // The process's random prefix, then a counter: each made id is new.
    const made = /^[A-Za-z0-9_-]{8}-[0-9a-z]+$/;
    const seen = new Set<string>();
    const fresh = (id: string) => {
      assert.match(id, made);
      assert.equal(seen.has(id), false);
      seen.add(id);
    };
    const cases: Array<[string | undefined, (id: string) => void]> = [
      ['abc-123_x.y:z', (id) => assert.equal(id, 'abc-123_x.y:z')],
      ['a'.repeat(129), fresh],
      ['bad id\u0007<script>', fresh],
      [undefined, fresh],
      [undefined, fresh],
    ];
    for (const [given, check] of cases) {
      const reply = await app.inject({
        url: '/',
        headers: given === undefined ? {} : { 'x-request-id': given },
      });
      const id = String(reply.headers['x-request-id']);
      check(id);
      assert.equal(completions(lines).at(-1)?.reqId, id);
    }
    await app.close();
  });

  it('sends the id back on every answer: not found, a failed view, a refused host, an unparsable body', async () => {
    const { stream, lines } = capture();
    const app = await loggedApp(stream);
    for (const [request, status] of [
      [{ url: '/nothing/here' }, 404],
      [{ url: '/boom' }, 500],
      [{ url: '/', headers: { host: 'evil.example' } }, 400],
      [{ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{' }, 400],
    ] as const) {
      const reply = await app.inject({
        ...request,
        headers: { ...request.headers, 'x-request-id': `r-${status}` },
      });
      assert.equal(reply.statusCode, status);
      assert.equal(reply.headers['x-request-id'], `r-${status}`);
      assert.equal(completions(lines).at(-1)?.reqId, `r-${status}`);
    }
    await app.close();
  });

  it('logs the user id when the request authenticated, and never makes it authenticate', async () => {
    const { stream, lines } = capture();
    const policy = new HeaderPolicy();
    const app = await loggedApp(stream, policy);
    await app.inject({ url: '/', headers: { 'x-user': 'alice' } });
    assert.equal(policy.asked, 0);
    assert.equal('userid' in (completions(lines).at(-1) ?? {}), false);
    await app.inject({ url: '/me', headers: { 'x-user': 'alice' } });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(policy.asked, 1);
    assert.equal(completions(lines).at(-1)?.userid, 'alice');
    await app.close();
  });

  it('is not there when the app has no logger: no request id header', async () => {
    const config = new Configurator();
    config.addView(home, { renderer: 'json' });
    const app = await config.makeApp();
    const reply = await app.inject('/');
    assert.equal(reply.headers['x-request-id'], undefined);
    await app.close();
  });
});

describe('log levels per namespace, from [logging]', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ziggurat-log-levels-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function settingsFile(logging: string): string {
    const file = join(dir, 'development.ini');
    writeFileSync(file, `[app]\nuse = ./app.js\n\n[logging]\n${logging}\n`);
    return file;
  }

  it('gives a named child logger the level of its namespace, or of the closest dotted prefix', async () => {
    const file = settingsFile(
      'level = info\nziggurat.addons.sql = debug\nmyapp = warn\nziggurat.requests = warn',
    );
    const logging = loadSettings(file).logging;
    assert.deepEqual(logging.levels, {
      'ziggurat.addons.sql': 'debug',
      myapp: 'warn',
      'ziggurat.requests': 'warn',
    });
    const { stream, lines } = capture();
    const config = new Configurator();
    config.addView(
      (request: Request) => {
        request.log.child({ name: 'ziggurat.addons.sql.pool' }).debug('from the view');
        return { ok: true };
      },
      { renderer: 'json' },
    );
    const app = await config.makeApp({
      logger: { ...((await loggerOptions(logging)) as object), stream } as never,
    });
    app.log.child({ name: 'ziggurat.addons.sql' }).debug('sql debug');
    app.log.child({ name: 'other' }).debug('other debug');
    app.log.child({ name: 'myapp.views' }).info('myapp info');
    app.log.child({ name: 'myapp.views' }).warn('myapp warn');
    app.log.child({ name: 'myapp' }, { level: 'debug' }).debug('explicit level wins');
    await app.inject('/');
    const messages = lines.map((line) => line.msg);
    assert.ok(messages.includes('sql debug'));
    assert.ok(!messages.includes('other debug'));
    assert.ok(!messages.includes('myapp info'));
    assert.ok(messages.includes('myapp warn'));
    assert.ok(messages.includes('explicit level wins'));
    assert.ok(messages.includes('from the view'));
    // ziggurat.requests = warn turns the request lines off.
    assert.equal(completions(lines).length, 0);
    await app.close();
  });

  it('refuses a namespace level that is not a level, naming the key', () => {
    const file = settingsFile('level = info\nziggurat.addons.sql = loud');
    assert.throws(
      () => loadSettings(file),
      (error: ZigguratError) =>
        error.code === 'ZIG_ERR_SETTINGS_VALUE' &&
        /\[logging\] ziggurat\.addons\.sql must be one of/.test(error.message),
    );
  });
});
