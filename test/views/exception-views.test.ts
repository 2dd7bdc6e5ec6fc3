import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { type Configurator, HTTPForbidden, HTTPFound, HTTPNotFound, type Request } from '../../lib/index.js';
import { appWith, call, label } from '../helpers.js';

class AppError extends Error {}
class DatabaseError extends AppError {}

const describeError = (name: string) => (request: Request) => ({
  view: name,
  error: (request.exception as Error).constructor.name,
  same: request.context === request.exception,
});

function failing(error: () => unknown) {
  return (config: Configurator) => {
    config.addRoute('boom', '/boom');
    config.addView(
      () => {
        throw error();
      },
      { routeName: 'boom' },
    );
  };
}

describe('exception views', () => {
  it('picks the exception view of the most specific error class', async () => {
    const app = await appWith((config) => {
      failing(() => new DatabaseError('down'))(config);
      config.addExceptionView(describeError('app'), { context: AppError, renderer: 'json' });
      config.addExceptionView(describeError('db'), { context: DatabaseError, renderer: 'json' });
    });
    const res = await call(app, '/boom');
    assert.deepEqual(res.json, { view: 'db', error: 'DatabaseError', same: true });
    assert.equal(res.status, 500);
  });

  it('prefers a route-specific exception view over a more specific global one', async () => {
    const app = await appWith((config) => {
      failing(() => new DatabaseError('down'))(config);
      config.addExceptionView(describeError('global db'), { context: DatabaseError, renderer: 'json' });
      config.addExceptionView(describeError('route app'), {
        context: AppError,
        routeName: 'boom',
        renderer: 'json',
      });
    });
    assert.equal((await call(app, '/boom')).json?.view, 'route app');
  });

  it('runs the not-found view for unmatched URLs with status 404 by default', async () => {
    const app = await appWith((config) => {
      config.addNotFoundView((request: Request) => ({ missing: request.path }), { renderer: 'json' });
    });
    const res = await call(app, '/nothing/here');
    assert.equal(res.status, 404);
    assert.deepEqual(res.json, { missing: '/nothing/here' });
  });

  it('runs the forbidden view for a raised HTTPForbidden', async () => {
    const app = await appWith((config) => {
      failing(() => new HTTPForbidden())(config);
      config.addForbiddenView(label('forbidden'), { renderer: 'json' });
    });
    const res = await call(app, '/boom');
    assert.equal(res.status, 403);
    assert.equal(res.json?.view, 'forbidden');
  });

  it('sends raised and returned HTTP exceptions as responses', async () => {
    const app = await appWith((config) => {
      config.addRoute('go', '/go');
      config.addRoute('gone', '/gone');
      config.addView(
        () => {
          throw new HTTPFound('/elsewhere');
        },
        { routeName: 'go' },
      );
      config.addView(() => new HTTPNotFound({ detail: 'no such thing' }), { routeName: 'gone' });
    });
    const go = await call(app, '/go');
    assert.equal(go.status, 302);
    assert.equal(go.headers.location, '/elsewhere');
    const gone = await call(app, { url: '/gone', headers: { accept: 'application/json' } });
    assert.equal(gone.status, 404);
    assert.match(gone.body, /no such thing/);
  });

  it('answers 500 without stack or message and logs the error with the request id', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = new (await import('../../lib/index.js')).Configurator();
    failing(() => new Error('secret database password'))(config);
    const app = await config.makeApp({ logger: { level: 'error', stream } });
    const res = await call(app, '/boom');
    assert.equal(res.status, 500);
    assert.doesNotMatch(res.body, /secret|Error:|\.js/);
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.err);
    assert.ok(logged, 'the error was logged');
    assert.match(logged.err.message, /secret database password/);
    assert.ok(logged.reqId, 'the log line carries the request id');
  });

  it('shows the stack in the body when ziggurat.debug is on', async () => {
    const app = await appWith(
      failing(() => new Error('visible in debug')),
      { settings: { 'ziggurat.debug': 'true' } },
    );
    const res = await call(app, { url: '/boom', headers: { accept: 'text/plain' } });
    assert.equal(res.status, 500);
    assert.match(res.body, /visible in debug/);
  });

  it('lets an exception view that raises fall back to a plain 500', async () => {
    const app = await appWith((config) => {
      failing(() => new AppError('first'))(config);
      config.addExceptionView(
        () => {
          throw new Error('second');
        },
        { context: AppError },
      );
    });
    assert.equal((await call(app, '/boom')).status, 500);
  });
});

describe('errors before routing', () => {
  it('reach exception views too, such as a 400 view for a malformed JSON body', async () => {
    const { HTTPBadRequest } = await import('../../lib/index.js');
    const app = await appWith((config) => {
      config.addRoute('r', '/r');
      config.addView(label('r'), { routeName: 'r', renderer: 'json' });
      config.addExceptionView(() => ({ friendly: 'Please send valid JSON' }), {
        context: HTTPBadRequest,
        renderer: 'json',
      });
    });
    const res = await call(app, {
      method: 'POST',
      url: '/r',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { friendly: 'Please send valid JSON' });
  });
});
