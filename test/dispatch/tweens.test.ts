import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Configurator, EXCVIEW, type Handler, INGRESS, MAIN, type Request } from '../../lib/index.js';
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

function withTweens(configure: (config: Configurator) => void) {
  return appWith((config) => {
    config.addRoute('r', '/r');
    config.addView(() => 'ok', { routeName: 'r', renderer: 'string' });
    configure(config);
  });
}

async function trace(configure: (config: Configurator) => void): Promise<string> {
  const res = await call(await withTweens(configure), '/r');
  return String(res.headers['x-trace']);
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
