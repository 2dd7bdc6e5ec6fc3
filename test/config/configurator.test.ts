import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container } from 'inversify';
import { ApplicationCreated, Configurator, type Request } from '../../lib/index.js';
import { call, label } from '../helpers.js';

declare module '../../lib/index.js' {
  interface Configurator {
    addApiRoute?(name: string, path: string): void;
  }
}

const routeName = (request: Request) => ({
  route: request.matchedRoute?.name,
  pattern: request.matchedRoute?.pattern,
});

describe('Configurator', () => {
  it('exposes settings and the inversify container through the registry', () => {
    const container = new Container();
    const config = new Configurator({ settings: { 'app.greeting': 'Hi' }, container });
    assert.equal(config.registry.settings['app.greeting'], 'Hi');
    assert.equal(config.settings, config.registry.settings);
    assert.equal(config.registry.container, container);
  });

  it('prefixes routes of included add-ons, composing nested prefixes', async () => {
    const config = new Configurator();
    config.include(
      (api) => {
        api.addRoute('list', '/items');
        api.addRoute('index', '');
        api.include((v2) => v2.addRoute('deep', 'things/{id}'), { routePrefix: 'v2/' });
      },
      { routePrefix: '/api' },
    );
    for (const name of ['list', 'index', 'deep'])
      config.addView(routeName, { routeName: name, renderer: 'json' });
    const app = await config.makeApp();
    assert.equal((await call(app, '/api/items')).json?.route, 'list');
    assert.equal((await call(app, '/api/')).json?.route, 'index');
    assert.equal((await call(app, '/api/v2/things/3')).json?.pattern, '/api/v2/things/{id}');
  });

  it('applies its own routePrefix option', async () => {
    const config = new Configurator({ routePrefix: 'app' });
    config.addRoute('home', '/');
    config.addView(routeName, { routeName: 'home', renderer: 'json' });
    const app = await config.makeApp();
    assert.equal((await call(app, '/app/')).json?.route, 'home');
  });

  it('adds directives to every configurator sharing the registry', async () => {
    const config = new Configurator();
    config.addDirective('addApiRoute', (target, name: string, path: string) => {
      target.addRoute(name, `/api${path}`);
      target.addView(label(name), { routeName: name, renderer: 'json' });
    });
    config.include((addon) => addon.addApiRoute?.('ping', '/ping'));
    config.addApiRoute?.('pong', '/pong');
    const app = await config.makeApp();
    assert.equal((await call(app, '/api/ping')).json?.view, 'ping');
    assert.equal((await call(app, '/api/pong')).json?.view, 'pong');
  });

  it('refuses a directive named like a Configurator method', () => {
    const config = new Configurator();
    assert.throws(
      () => config.addDirective('addRoute', () => undefined),
      (error: Error & { code?: string }) => error.code === 'ZIG_ERR_DIRECTIVE',
    );
  });

  it('names the directive caller in conflicts raised inside a directive', async () => {
    const config = new Configurator();
    config.addDirective('addApiRoute', (target, name: string, path: string) => target.addRoute(name, path));
    config.addApiRoute?.('dup', '/a');
    config.addApiRoute?.('dup', '/b');
    await assert.rejects(config.commit(), (error: Error) => {
      const lines = error.message.split('\n').filter((line) => line.includes('configurator.test.ts'));
      assert.equal(lines.length, 2);
      return true;
    });
  });

  it('makeApp returns a ready Fastify instance and publishes ApplicationCreated', async () => {
    const config = new Configurator();
    const seen: unknown[] = [];
    config.addSubscriber((event: ApplicationCreated) => seen.push(event.app), ApplicationCreated);
    config.addRoute('home', '/');
    config.addView(label('home'), { routeName: 'home', renderer: 'json' });
    const app = await config.makeApp({ logger: false });
    assert.deepEqual(seen, [app]);
    assert.equal((await call(app, '/')).json?.view, 'home');
    await app.close();
  });

  it('uses the rootFactory option for traversal', async () => {
    class Root {
      __name__ = '';
      __parent__ = null;
    }
    const config = new Configurator({ rootFactory: () => new Root() });
    config.addView((request: Request) => ({ isRoot: request.context instanceof Root }), { renderer: 'json' });
    const app = await config.makeApp();
    assert.deepEqual((await call(app, '/')).json, { isRoot: true });
  });
});

describe('Configurator directives', () => {
  it('merges addSettings before renderers and predicates are made', async () => {
    const config = new Configurator({ settings: { 'app.a': 1 } });
    let seen: unknown;
    config.addRenderer('peek', ({ registry }) => {
      seen = registry.settings['app.b'];
      return () => 'x';
    });
    config.addSettings({ 'app.b': 2 });
    config.addRoute('r', '/r');
    config.addView(() => null, { routeName: 'r', renderer: 'peek' });
    await config.commit();
    assert.equal(seen, 2);
    assert.deepEqual(config.settings, { 'app.a': 1, 'app.b': 2 });
  });

  it('refuses to include something that is neither a function nor a module with includeme', () => {
    const config = new Configurator();
    assert.throws(
      () => config.include(42 as never),
      (error: Error & { code?: string }) =>
        error.code === 'ZIG_ERR_CONFIG_OPTION' && /configurator\.test\.ts:\d+/.test(error.message),
    );
  });
});
