// The development error page: under ziggurat.debug an uncaught error answers with its name, message,
// code, frames (the app's with their source, the framework's folded), as HTML, a problem document or
// text; errors outside views (a tween, a Fastify hook) take the same path; without debug a bare 500.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Configurator, ZigguratError } from '../../lib/index.js';
import { call } from '../helpers.js';

const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';

/** Log lines written by an app, parsed. */
function logCapture(): { stream: Writable; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines };
}

function failing(): never {
  throw new ZigguratError('ZIG_ERR_VIEW_RESULT', 'the <view> & "its" result', {
    cause: new RangeError('the cause'),
  });
}

async function boomApp(debug: boolean, stream?: Writable): Promise<FastifyInstance> {
  const config = new Configurator({ settings: { 'ziggurat.debug': String(debug) } });
  config.addRoute('boom', '/boom');
  config.addView(failing, { routeName: 'boom', renderer: 'json' });
  config.addRoute('tween', '/tween');
  config.addView(() => ({ ok: true }), { routeName: 'tween', renderer: 'json' });
  config.addTween(
    (handler) => async (request) => {
      if (request.path === '/tween') throw new Error('from a tween');
      return handler(request);
    },
    { name: 'failing-tween' },
  );
  config.configureFastify((app) => {
    app.addHook('preHandler', async (request) => {
      if (request.url === '/hook') throw new Error('from a hook');
    });
  });
  return config.makeApp(stream === undefined ? {} : { logger: { level: 'info', stream } });
}

describe('the development error page', () => {
  it('answers a browser with the error, its code, its cause and the frames, the framework ones folded', async () => {
    const app = await boomApp(true);
    const reply = await call(app, { url: '/boom', headers: { accept: HTML } });
    assert.equal(reply.status, 500);
    assert.equal(reply.headers['content-type'], 'text/html; charset=utf-8');
    const body = reply.body;
    assert.match(body, /<span class="name">ZigguratError<\/span>/);
    assert.match(body, /the &lt;view&gt; &amp; &quot;its&quot; result/);
    assert.doesNotMatch(body, /<view>/);
    assert.match(body, /<span class="code">ZIG_ERR_VIEW_RESULT<\/span>/);
    assert.match(
      body,
      /Caused by<\/p><h2 class="error"><span class="name">RangeError<\/span>: <span class="message">the cause/,
    );
    // This test file is the app here: its frame names the .ts line, with the source around it.
    const line = failingLine();
    assert.match(body, new RegExp(`test/dispatch/debug-error-page\\.test\\.ts:${line}:\\d+`));
    assert.match(
      body,
      /<span class="focus">\s*\d+ \| +throw new ZigguratError\(&#39;ZIG_ERR_VIEW_RESULT&#39;/,
    );
    assert.match(body, /<details><summary>\d+ framework frames?<\/summary>/);
    assert.match(body, /lib\/views\/call-view\.ts:\d+/);
    assert.match(body, /<dt>Route<\/dt><dd>boom<\/dd><dt>View<\/dt><dd>failing<\/dd>/);
    await app.close();
  });

  it('answers a JSON client with a problem document carrying the same facts', async () => {
    const app = await boomApp(true);
    const reply = await call(app, { url: '/boom', headers: { accept: 'application/json' } });
    assert.equal(reply.status, 500);
    assert.equal(reply.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(reply.json.status, 500);
    assert.equal(reply.json.title, 'Internal Server Error');
    const exception = reply.json.exception;
    assert.equal(exception.name, 'ZigguratError');
    assert.equal(exception.code, 'ZIG_ERR_VIEW_RESULT');
    assert.equal(exception.cause.name, 'RangeError');
    const app0 = exception.frames.find((frame: { kind: string }) => frame.kind === 'app');
    assert.match(app0.function, /failing$/);
    assert.match(app0.location, new RegExp(`^test/dispatch/debug-error-page\\.test\\.ts:${failingLine()}:`));
    assert.equal(app0.source.focus, failingLine());
    assert.ok(exception.frames.some((frame: { kind: string }) => frame.kind === 'framework'));
    assert.equal(typeof reply.json.requestId, 'string');
    await app.close();
  });

  it('answers a client without Accept with the stack as text', async () => {
    const app = await boomApp(true);
    const reply = await call(app, '/boom');
    assert.equal(reply.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(
      reply.body,
      /ZigguratError: the <view> & "its" result \[ZIG_ERR_VIEW_RESULT\]\n {4}at (Object\.)?failing \(test\/dispatch/,
    );
    await app.close();
  });

  it('answers errors raised in a tween or a Fastify hook the same way', async () => {
    const app = await boomApp(true);
    for (const [url, message] of [
      ['/tween', 'from a tween'],
      ['/hook', 'from a hook'],
    ] as const) {
      const reply = await call(app, { url, headers: { accept: 'application/json' } });
      assert.equal(reply.status, 500, url);
      assert.equal(reply.json.exception.message, message, url);
      assert.ok(reply.json.exception.frames.length > 0, url);
    }
    await app.close();
  });

  it('stays a bare 500 without ziggurat.debug, the details in the log only', async () => {
    const { stream, lines } = logCapture();
    const app = await boomApp(false, stream);
    for (const accept of [HTML, 'application/json', undefined]) {
      const reply = await call(app, { url: '/boom', headers: accept === undefined ? {} : { accept } });
      assert.equal(reply.status, 500);
      assert.doesNotMatch(reply.body, /<view>|&lt;view|ZIG_ERR|debug-error-page|RangeError|failing/);
    }
    const logged = lines.find((line) => line.msg === 'Unhandled error while handling the request');
    const err = logged?.err as { message: string; stack: string; code: string };
    assert.match(err.message, /^the <view> & "its" result/);
    assert.equal(err.code, 'ZIG_ERR_VIEW_RESULT');
    assert.match(err.stack, /at (Object\.)?failing .*debug-error-page\.test\.ts:/);
    await app.close();
  });
});

/** The line of this file where `failing` throws. */
function failingLine(): number {
  return Number(/debug-error-page\.test\.ts:(\d+)/.exec(captured())?.[1]);
}

function captured(): string {
  try {
    failing();
  } catch (error) {
    return (error as Error).stack ?? '';
  }
}

describe('ziggurat.debug with NODE_ENV=production', () => {
  it('starts, with a warning on the log naming the setting', async () => {
    const { stream, lines } = logCapture();
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const app = await boomApp(true, stream);
      const warned = lines.filter((line) => line.level === 40 && line.setting === 'ziggurat.debug');
      assert.equal(warned.length, 1, JSON.stringify(lines));
      assert.match(String(warned[0]?.msg), /ziggurat\.debug is on with NODE_ENV=production/);
      // Not refused: the debug page still answers (a staging box may want it).
      assert.match(
        (await app.inject({ url: '/boom', headers: { accept: HTML } })).body,
        /ZIG_ERR_VIEW_RESULT/,
      );
      const quiet = logCapture();
      await boomApp(false, quiet.stream);
      assert.deepEqual(
        quiet.lines.filter((line) => line.setting === 'ziggurat.debug'),
        [],
      );
    } finally {
      if (before === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = before;
    }
  });
});
