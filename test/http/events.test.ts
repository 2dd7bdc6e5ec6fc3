import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BeforeRender, ContextFound, NewRequest, NewResponse, type Request } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

describe('events', () => {
  it('publishes NewRequest, ContextFound, BeforeRender and NewResponse in order, awaiting async subscribers', async () => {
    const seen: string[] = [];
    const app = await appWith((config) => {
      config.addRoute('r', '/r/{id}');
      config.addView((request: Request) => ({ id: request.matchdict.id }), {
        routeName: 'r',
        renderer: 'json',
      });
      config.addSubscriber(async (event: NewRequest) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen.push(`new request ${event.request.path}`);
      }, NewRequest);
      config.addSubscriber(
        (event: ContextFound) => seen.push(`context ${event.request.matchdict.id}`),
        ContextFound,
      );
      config.addSubscriber((event: BeforeRender) => {
        seen.push(`before render ${event.system.renderer}`);
        event.values = { ...(event.values as object), added: true };
      }, BeforeRender);
      config.addSubscriber((event: NewResponse) => {
        seen.push(`new response ${event.response.status}`);
        event.response.headers.set('X-Seen', 'yes');
      }, NewResponse);
    });
    const res = await call(app, '/r/7');
    assert.deepEqual(res.json, { id: '7', added: true });
    assert.equal(res.headers['x-seen'], 'yes');
    assert.deepEqual(seen, ['new request /r/7', 'context 7', 'before render json', 'new response 200']);
  });

  it('delivers an event to subscribers of its base class', async () => {
    class Base {}
    class Derived extends Base {}
    const got: string[] = [];
    const { Configurator } = await import('../../lib/index.js');
    const config = new Configurator();
    config.addSubscriber(() => got.push('base'), Base);
    config.addSubscriber(() => got.push('derived'), Derived);
    await config.commit();
    await config.registry.notify(new Derived());
    await config.registry.notify(new Base());
    assert.deepEqual(got, ['base', 'derived', 'base']);
  });
});
