import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Configurator,
  EXCVIEW,
  type Handler,
  INGRESS,
  listTweens,
  MAIN,
  type Request,
  Response,
  type Settings,
} from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

function tracer(name: string) {
  const factory = (handler: Handler) => async (request: Request) => {
    const response = await handler(request);
    response.headers.append('X-Trace', name);
    return response;
  };
  Object.defineProperty(factory, 'name', { value: name });
  return factory;
}

function withTweens(configure: (config: Configurator) => void, settings: Settings = {}) {
  return appWith(
    (config) => {
      config.addRoute('r', '/r');
      config.addView(() => 'ok', { routeName: 'r', renderer: 'string' });
      configure(config);
    },
    { settings },
  );
}

async function trace(configure: (config: Configurator) => void, settings: Settings = {}): Promise<string> {
  const res = await call(await withTweens(configure, settings), '/r');
  return String(res.headers['x-trace']);
}

type Hints = { over?: string | string[]; under?: string | string[] };

/** The implicit chain (tween names between INGRESS and MAIN) of tweens added with these hints, in order. */
async function chainOf(tweens: ReadonlyArray<[string, Hints?]>): Promise<string[]> {
  const config = new Configurator();
  for (const [name, hints] of tweens) config.addTween(tracer(name), hints);
  await config.commit();
  return listTweens(config)
    .map((tween) => tween.name)
    .slice(1, -1);
}

async function orderError(tweens: ReadonlyArray<[string, Hints?]>): Promise<Error & { code?: string }> {
  try {
    await chainOf(tweens);
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('the tweens were ordered');
}

describe('tweens', () => {
  it('wraps the handler; a tween added later sits above one added earlier', async () => {
    // headers are appended on the way out, so the innermost tween appends first
    assert.equal(
      await trace((config) => {
        config.addTween(tracer('a'));
        config.addTween(tracer('b'));
      }),
      'a, b',
    );
  });

  it('honours over and under, including MAIN, INGRESS and lists with unknown names', async () => {
    assert.equal(
      await trace((config) => {
        config.addTween(tracer('a'), { under: INGRESS });
        config.addTween(tracer('b'), { under: 'a' });
        config.addTween(tracer('c'), { over: [MAIN, 'not-installed'], under: 'b' });
      }),
      'c, b, a',
    );
  });

  it('can sit under the exception view tween', async () => {
    assert.equal(await trace((config) => config.addTween(tracer('inner'), { under: EXCVIEW })), 'inner');
  });

  it('fails at commit on an unknown name or a cycle', async () => {
    await assert.rejects(
      withTweens((config) => config.addTween(tracer('a'), { over: 'missing' })),
      (error: Error & { code?: string }) =>
        error.code === 'ZIG_ERR_TWEEN_ORDER' && /missing/.test(error.message),
    );
    await assert.rejects(
      withTweens((config) => {
        config.addTween(tracer('a'), { over: 'b' });
        config.addTween(tracer('b'), { over: 'a' });
      }),
      (error: Error & { code?: string }) =>
        error.code === 'ZIG_ERR_TWEEN_ORDER' && /cycle/.test(error.message),
    );
  });

  it('puts tweens over MAIN under the exception-view tween, as Pyramid does (f1, then f2 under f1)', async () => {
    assert.deepEqual(
      await chainOf([
        ['f1', { over: MAIN }],
        ['f2', { over: MAIN, under: 'f1' }],
      ]),
      [EXCVIEW, 'f1', 'f2'],
    );
  });

  it("lets a tween over MAIN see a view's error before the exception view turns it into a response", async () => {
    const seen: string[] = [];
    const app = await appWith((config) => {
      config.addRoute('boom', '/boom');
      config.addView(
        () => {
          throw new TypeError('kaput');
        },
        { routeName: 'boom' },
      );
      config.addExceptionView(() => new Response('handled', { status: 500 }), { context: TypeError });
      config.addTween(
        function watcher(handler: Handler) {
          return async (request: Request) => {
            try {
              return await handler(request);
            } catch (error) {
              seen.push((error as Error).message);
              throw error;
            }
          };
        },
        { over: MAIN },
      );
    });
    const res = await call(app, '/boom');
    assert.equal(res.body, 'handled');
    assert.deepEqual(seen, ['kaput']);
  });

  it("orders tweens as Pyramid's sorter does (its implicit ordering tests)", async () => {
    assert.deepEqual(await chainOf([['name1'], ['name2']]), ['name2', 'name1', EXCVIEW]);
    assert.deepEqual(await chainOf([['name1'], ['name2', { over: MAIN }]]), ['name1', EXCVIEW, 'name2']);
    assert.deepEqual(
      await chainOf([
        ['auth', { under: 'browserid' }],
        ['dbt'],
        ['retry', { over: 'txnmgr', under: 'exceptionview' }],
        ['browserid'],
        ['txnmgr', { under: 'exceptionview' }],
        ['exceptionview', { over: MAIN }],
      ]),
      ['browserid', 'auth', 'dbt', EXCVIEW, 'exceptionview', 'retry', 'txnmgr'],
    );
    assert.deepEqual(
      await chainOf([
        ['exceptionview', { over: MAIN }],
        ['auth', { under: INGRESS }],
        ['retry', { over: 'txnmgr', under: 'exceptionview' }],
        ['browserid', { under: INGRESS }],
        ['txnmgr', { under: 'exceptionview', over: MAIN }],
        ['dbt'],
      ]),
      ['dbt', 'browserid', 'auth', EXCVIEW, 'exceptionview', 'retry', 'txnmgr'],
    );
  });

  it('takes lists of fallbacks: absent names are skipped, every present one constrains', async () => {
    assert.deepEqual(
      await chainOf([
        ['exceptionview', { over: ['wontbethere', MAIN] }],
        ['retry', { under: 'exceptionview' }],
        ['browserid', { over: ['wont2', 'exceptionview'] }],
      ]),
      [EXCVIEW, 'browserid', 'exceptionview', 'retry'],
    );
    assert.deepEqual(
      await chainOf([
        ['exceptionview', { over: MAIN }],
        ['auth', { under: ['txnmgr', 'browserid'] }],
        ['retry', { under: 'exceptionview' }],
        ['browserid'],
        ['dbt'],
      ]),
      ['dbt', 'browserid', 'auth', EXCVIEW, 'exceptionview', 'retry'],
    );
    const missing = await orderError([
      ['exceptionview', { over: MAIN }],
      ['browserid', { over: ['txnmgr', 'auth'] }],
    ]);
    assert.equal(missing.code, 'ZIG_ERR_TWEEN_ORDER');
    assert.match(missing.message, /'browserid' .* is over 'txnmgr' or 'auth', none of which is a tween/);
  });

  it('refuses conflicting hints: a direct or an indirect cycle', async () => {
    const direct = await orderError([['browserid'], ['auth', { over: 'browserid', under: 'browserid' }]]);
    assert.equal(direct.code, 'ZIG_ERR_TWEEN_ORDER');
    assert.match(direct.message, /cycle: .*browserid.*auth|cycle: .*auth.*browserid/);
    const indirect = await orderError([
      ['browserid'],
      ['auth', { over: 'browserid' }],
      ['dbt', { under: 'browserid', over: 'auth' }],
    ]);
    assert.equal(indirect.code, 'ZIG_ERR_TWEEN_ORDER');
  });

  it('refuses reserved names, a tween over INGRESS and one under MAIN, at the call', () => {
    const config = new Configurator();
    const refused = (fn: () => void, pattern: RegExp) =>
      assert.throws(fn, (error: Error & { code?: string }) => {
        return (
          error.code === 'ZIG_ERR_CONFIG_OPTION' &&
          pattern.test(error.message) &&
          /tweens\.test/.test(error.message)
        );
      });
    for (const name of [INGRESS, MAIN, EXCVIEW]) {
      refused(() => config.addTween(tracer('t'), { name }), /reserved tween name/);
    }
    refused(() => config.addTween(tracer('t'), { over: INGRESS }), /cannot be over INGRESS/);
    refused(() => config.addTween(tracer('t'), { over: ['a', INGRESS] }), /cannot be over INGRESS/);
    refused(() => config.addTween(tracer('t'), { under: MAIN }), /cannot be under MAIN/);
    refused(() => config.addTween(tracer('t'), { under: ['a', MAIN] }), /cannot be under MAIN/);
  });

  it('uses the chain the ziggurat.tweens setting lists, outermost first, instead of over/under', async () => {
    const tweens = (config: Configurator) => {
      config.addTween(tracer('a'));
      config.addTween(tracer('b'));
      config.addTween(tracer('unused'));
    };
    assert.equal(await trace(tweens), 'a, b, unused');
    // As an .ini value: names separated by whitespace or newlines.
    assert.equal(await trace(tweens, { 'ziggurat.tweens': `a\n  ${EXCVIEW} b` }), 'b, a');
    const config = new Configurator({ settings: { 'ziggurat.tweens': ['b', 'a'] } });
    tweens(config);
    await config.commit();
    assert.deepEqual(
      listTweens(config).map((tween) => tween.name),
      [INGRESS, 'b', 'a', MAIN],
    );
    assert.deepEqual(config.registry.settingsWarnings, []);
  });

  it('fails the commit when ziggurat.tweens names a tween that does not exist, or one twice', async () => {
    for (const setting of ['a nope', 'a a']) {
      await assert.rejects(
        withTweens((config) => config.addTween(tracer('a')), { 'ziggurat.tweens': setting }),
        (error: Error & { code?: string }) =>
          error.code === 'ZIG_ERR_TWEEN_ORDER' && /ziggurat\.tweens/.test(error.message),
      );
    }
  });

  it('conflicts when two tweens share a name', async () => {
    await assert.rejects(
      withTweens((config) => {
        config.addTween(tracer('same'));
        config.addTween(tracer('same'));
      }),
      (error: Error & { code?: string }) => error.code === 'ZIG_ERR_CONFIG_CONFLICT',
    );
  });
});
