// render and renderToResponse: renderers used outside a view, as Pyramid's render and render_to_response.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as handlebars from '../../addons/handlebars/index.js';
import {
  BeforeRender,
  Configurator,
  type RenderSystem,
  type Request,
  Response,
  registryOf,
  render,
  renderToResponse,
  ZigguratError,
} from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

/** A renderer that shows what it was given: the values and the system. */
function describing() {
  const renderFn = (value: unknown, system: RenderSystem) =>
    JSON.stringify({
      value,
      renderer: system.renderer,
      request: system.request === null ? null : system.request.path,
      context: system.context === null ? null : 'a context',
      view: system.view,
    });
  return Object.assign(renderFn, { contentType: 'text/x-described' });
}

describe('render and renderToResponse', () => {
  it('render a value with a named renderer in a view, the renderer seeing the request and its context', async () => {
    const app = await appWith((config) => {
      config.addRenderer('described', describing);
      config.addRoute('r', '/r');
      config.addView(
        async (request: Request) => {
          const json = await render('json', { a: 1 }, request);
          const described = await render('described', ['x'], request);
          return new Response(`${json} ${described}`);
        },
        { routeName: 'r' },
      );
    });
    const res = await call(app, '/r');
    assert.equal(
      res.body,
      '{"a":1} {"value":["x"],"renderer":"described","request":"/r","context":"a context","view":null}',
    );
  });

  it('renderToResponse makes a new response (not request.response) with the renderer content type', async () => {
    const app = await appWith((config) => {
      config.addRoute('r', '/r');
      config.addView(
        (request: Request) => {
          request.response.status = 202;
          request.response.headers.set('X-Ignored', 'yes');
          return renderToResponse('json', { ok: true }, request);
        },
        { routeName: 'r' },
      );
      config.addRoute('given', '/given');
      config.addView(
        (request: Request) =>
          renderToResponse(
            'string',
            'gone',
            request,
            new Response(null, { status: 410, contentType: 'text/x-mine' }),
          ),
        { routeName: 'given' },
      );
    });
    const res = await call(app, '/r');
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-ignored'], undefined);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(res.json, { ok: true });
    const given = await call(app, '/given');
    assert.equal(given.status, 410);
    assert.equal(given.headers['content-type'], 'text/x-mine');
    assert.equal(given.body, 'gone');
  });

  it('renders without a request from the registry (config.registry or registryOf(app)); system.request is null', async () => {
    const config = new Configurator();
    config.addRenderer('described', describing);
    config.addRenderer(
      '.txt',
      ({ name }) =>
        (value) =>
          `${name}: ${String(value)}`,
    );
    const app = await config.makeApp();
    assert.equal(
      await render('described', 7, config.registry),
      '{"value":7,"renderer":"described","request":null,"context":null,"view":null}',
    );
    const registry = registryOf(app);
    assert.ok(registry);
    assert.equal(await render('mail/welcome.txt', 'hi', registry), 'mail/welcome.txt: hi');
    const response = await renderToResponse('described', 1, registry);
    assert.equal(response.contentType, 'text/x-described');
  });

  it('publishes BeforeRender, whose subscribers may change the values', async () => {
    const config = new Configurator();
    config.addSubscriber((event: BeforeRender) => {
      event.values = { ...(event.values as object), added: event.system.renderer };
    }, BeforeRender);
    await config.commit();
    assert.equal(await render('json', { a: 1 }, config.registry), '{"a":1,"added":"json"}');
  });

  it('fails with ZIG_ERR_RENDERER_UNKNOWN for a renderer nobody registered', async () => {
    const config = new Configurator();
    await config.commit();
    await assert.rejects(render('nope', {}, config.registry), (error: unknown) => {
      assert.ok(error instanceof ZigguratError);
      assert.equal(error.code, 'ZIG_ERR_RENDERER_UNKNOWN');
      assert.match(error.message, /No renderer for 'nope' \(registered: json, string/);
      return true;
    });
  });

  it('renders a Handlebars template without a request (its request values empty)', async () => {
    const templates = fileURLToPath(new URL('../../../test/fixtures/templates', import.meta.url));
    const config = new Configurator({ settings: { 'handlebars.directories': templates } });
    config.include(handlebars);
    await config.commit();
    const body = await render('request.hbs', { fail: false }, config.registry);
    assert.equal(String(body).trim(), 'id= q= view= sub=');
  });
});
