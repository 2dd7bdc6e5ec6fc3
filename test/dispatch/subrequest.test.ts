// request.invokeSubrequest: a request run through the whole app in-process (Pyramid's invoke_subrequest),
// from Pyramid's subrequestapp and its subrequest chapter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContextFound,
  type Handler,
  HTTPNotFound,
  NewRequest,
  NewResponse,
  type Request,
  Response,
  ZigguratError,
} from '../../lib/index.js';
import { DummyRequest } from '../../lib/testing/index.js';
import { appWith, call } from '../helpers.js';

declare module '../../lib/index.js' {
  interface Request {
    foo: string;
  }
}

/** Pyramid's subrequestapp: views that call others through subrequests, with and without tweens. */
function subrequestApp() {
  return appWith((config) => {
    config.addRoute('one', '/view_one');
    config.addRoute('two', '/view_two');
    config.addRoute('three', '/view_three');
    config.addRoute('four', '/view_four');
    config.addRoute('five', '/view_five');
    config.addExceptionView(
      (request: Request) => {
        request.response.status = 500;
        request.response.body = 'Bad stuff happened';
        return request.response;
      },
      { context: Error },
    );
    config.addView((request: Request) => request.invokeSubrequest('/view_two'), { routeName: 'one' });
    config.addView((request: Request) => `This came from view_two, foo=${request.foo}`, {
      routeName: 'two',
      renderer: 'string',
    });
    config.addView(
      async (request: Request) => {
        try {
          return await request.invokeSubrequest('/view_four', { useTweens: true });
        } catch {
          return new Response('Value error raised');
        }
      },
      { routeName: 'three' },
    );
    config.addView(
      () => {
        throw new RangeError('foo');
      },
      { routeName: 'four' },
    );
    config.addView(
      async (request: Request) => {
        try {
          return await request.invokeSubrequest('/view_four');
        } catch (error) {
          return new Response(error instanceof RangeError ? 'Value error raised' : 'something else');
        }
      },
      { routeName: 'five' },
    );
    config.addRequestMethod(() => 'bar', 'foo', { property: true });
  });
}

describe('request.invokeSubrequest', () => {
  it("returns the rendered response of another route's view, request methods applied", async () => {
    const res = await call(await subrequestApp(), '/view_one');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'This came from view_two, foo=bar');
  });

  it('runs the exception view when useTweens is true', async () => {
    const res = await call(await subrequestApp(), '/view_three');
    assert.equal(res.status, 500);
    assert.equal(res.body, 'Bad stuff happened');
  });

  it("lets the view's error reach the caller without tweens (the default)", async () => {
    const res = await call(await subrequestApp(), '/view_five');
    assert.equal(res.status, 200);
    assert.equal(res.body, 'Value error raised');
  });

  it('raises HTTPNotFound to the caller for a path nothing answers, and answers it with tweens', async () => {
    const app = await appWith((config) => {
      config.addRoute('probe', '/probe');
      config.addView(
        async (request: Request) => {
          const withTweens = await request.invokeSubrequest('/nowhere', { useTweens: true });
          try {
            await request.invokeSubrequest('/nowhere');
            return { raised: false };
          } catch (error) {
            return { raised: error instanceof HTTPNotFound, status: withTweens.status };
          }
        },
        { routeName: 'probe', renderer: 'json' },
      );
    });
    assert.deepEqual((await call(app, '/probe')).json, { raised: true, status: 404 });
  });

  it('takes a method, a path with a query, headers and a body, and routes as the app does', async () => {
    const app = await appWith((config) => {
      config.addRoute('item', '/items/{id}');
      config.addView(
        (request: Request) => ({
          method: request.method,
          id: request.matchdict.id,
          query: { ...request.query },
          body: request.body,
          header: request.headerValue('x-thing'),
          url: request.url,
        }),
        { routeName: 'item', requestMethod: 'POST', renderer: 'json' },
      );
      config.addView(() => ({ get: true }), { routeName: 'item', requestMethod: 'GET', renderer: 'json' });
      config.addRoute('form', '/form');
      config.addView((request: Request) => ({ form: request.body }), { routeName: 'form', renderer: 'json' });
      config.addRoute('caller', '/caller');
      config.addView(
        async (request: Request) => {
          const post = await request.invokeSubrequest({
            method: 'post',
            path: '/items/7?tab=a&tab=b',
            headers: { 'X-Thing': 'yes', 'Content-Type': 'application/json' },
            body: '{"n":1}',
          });
          const get = await request.invokeSubrequest('/items/8');
          const form = await request.invokeSubrequest({
            method: 'POST',
            path: '/form',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'a=1&b=2',
          });
          return {
            post: JSON.parse(String(post.body)),
            get: JSON.parse(String(get.body)),
            form: JSON.parse(String(form.body)),
          };
        },
        { routeName: 'caller', renderer: 'json' },
      );
    });
    const res = await call(app, { method: 'GET', url: '/caller', headers: { host: 'localhost:8080' } });
    assert.deepEqual(res.json, {
      post: {
        method: 'POST',
        id: '7',
        query: { tab: ['a', 'b'] },
        body: { n: 1 },
        header: 'yes',
        url: 'http://localhost:8080/items/7?tab=a&tab=b',
      },
      get: { get: true },
      form: { form: { a: '1', b: '2' } },
    });
  });

  it('traverses when no route matches, and answers 405 for a method only the route refuses', async () => {
    class Root {
      __name__ = '';
      __parent__ = null;
    }
    const app = await appWith((config) => {
      config.setRootFactory(() => new Root());
      config.addView(() => 'about', { name: 'about', renderer: 'string' });
      config.addRoute('only-get', '/only-get');
      config.addView(() => 'got', { routeName: 'only-get', requestMethod: 'GET', renderer: 'string' });
      config.addRoute('probe', '/probe');
      config.addView(
        async (request: Request) => {
          const about = await request.invokeSubrequest('/about');
          const put = await request.invokeSubrequest(
            { method: 'PUT', path: '/only-get' },
            { useTweens: true },
          );
          return { about: String(about.body), put: put.status, allow: put.headers.get('allow') };
        },
        { routeName: 'probe', renderer: 'json' },
      );
    });
    assert.deepEqual((await call(app, '/probe')).json, { about: 'about', put: 405, allow: 'GET, HEAD' });
  });

  it('runs tweens only with useTweens, and the events and callbacks of the subrequest in either case', async () => {
    const seen: string[] = [];
    const app = await appWith((config) => {
      config.addTween(function tracing(handler: Handler) {
        return (request: Request) => {
          seen.push(`tween ${request.path}`);
          return handler(request);
        };
      });
      config.addSubscriber(
        (event: NewRequest) => void seen.push(`NewRequest ${event.request.path}`),
        NewRequest,
      );
      config.addSubscriber(
        (event: ContextFound) => void seen.push(`ContextFound ${event.request.path}`),
        ContextFound,
      );
      config.addSubscriber(
        (event: NewResponse) => void seen.push(`NewResponse ${event.request.path}`),
        NewResponse,
      );
      config.addRoute('inner', '/inner');
      config.addView(
        (request: Request) => {
          request.addResponseCallback(() => void seen.push('response callback'));
          request.addFinishedCallback(() => void seen.push('finished callback'));
          return 'inner';
        },
        { routeName: 'inner', renderer: 'string' },
      );
      config.addRoute('outer', '/outer');
      config.addView(
        async (request: Request) => {
          seen.length = 0;
          await request.invokeSubrequest('/inner');
          seen.push('--');
          await request.invokeSubrequest('/inner', { useTweens: true });
          return [...seen];
        },
        { routeName: 'outer', renderer: 'json' },
      );
    });
    assert.deepEqual((await call(app, '/outer')).json, [
      'NewRequest /inner',
      'ContextFound /inner',
      'response callback',
      'NewResponse /inner',
      'finished callback',
      '--',
      'NewRequest /inner',
      'tween /inner',
      'ContextFound /inner',
      'response callback',
      'NewResponse /inner',
      'finished callback',
    ]);
  });

  it("shares the registry, scheme and host, not the parent's headers, cookies, identity or response", async () => {
    const app = await appWith((config) => {
      config.setSecurityPolicy({
        identity: (request: Request) => request.headerValue('x-user') ?? null,
        authenticatedUserid: (request: Request) => request.headerValue('x-user') ?? null,
        permits: () => true,
        remember: () => [],
        forget: () => [],
      });
      config.addRoute('inner', '/inner');
      config.addView(
        async (request: Request) => {
          request.response.headers.set('X-Inner', 'yes');
          return {
            user: await request.authenticatedUserid,
            cookie: request.cookies.sid ?? null,
            host: request.host,
          };
        },
        { routeName: 'inner', renderer: 'json' },
      );
      config.addRoute('outer', '/outer');
      config.addView(
        async (request: Request) => {
          const plain = await request.invokeSubrequest('/inner');
          const named = await request.invokeSubrequest({
            path: '/inner',
            headers: { 'x-user': 'bob', host: 'other.test' },
          });
          return {
            parentUser: await request.authenticatedUserid,
            plain: JSON.parse(String(plain.body)),
            named: JSON.parse(String(named.body)),
            innerHeader: plain.headers.get('x-inner'),
            parentResponseTouched: request.response.headers.has('x-inner'),
          };
        },
        { routeName: 'outer', renderer: 'json' },
      );
    });
    const res = await call(app, {
      method: 'GET',
      url: '/outer',
      headers: { 'x-user': 'alice', cookie: 'sid=abc', host: 'localhost' },
    });
    assert.deepEqual(res.json, {
      parentUser: 'alice',
      plain: { user: null, cookie: null, host: 'localhost' },
      named: { user: 'bob', cookie: null, host: 'other.test' },
      innerHeader: 'yes',
      parentResponseTouched: false,
    });
  });

  it("refuses a path that is not absolute, the subrequest's Fastify reply, and a request no app made", async () => {
    const app = await appWith((config) => {
      config.addRoute('reply', '/reply');
      config.addView(
        (request: Request) => {
          request.fastify.reply.header('x-leak', 'yes');
          return 'no';
        },
        { routeName: 'reply', renderer: 'string' },
      );
      config.addRoute('probe', '/probe');
      config.addView(
        async (request: Request) => {
          const codes: string[] = [];
          for (const target of ['relative', { path: '/reply' }] as const) {
            try {
              await request.invokeSubrequest(target);
            } catch (error) {
              codes.push(`${(error as ZigguratError).code}: ${(error as Error).message.slice(0, 40)}`);
            }
          }
          return codes;
        },
        { routeName: 'probe', renderer: 'json' },
      );
    });
    const res = await call(app, '/probe');
    assert.equal(res.headers['x-leak'], undefined);
    assert.deepEqual(res.json, [
      'ZIG_ERR_SUBREQUEST: request.invokeSubrequest needs a path st',
      'ZIG_ERR_SUBREQUEST: A subrequest has no Fastify reply (reply',
    ]);
    await assert.rejects(new DummyRequest().invokeSubrequest('/x'), (error: unknown) => {
      assert.ok(error instanceof ZigguratError);
      assert.equal(error.code, 'ZIG_ERR_SUBREQUEST');
      return true;
    });
  });
});
