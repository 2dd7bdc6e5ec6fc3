// The debug toolbar add-on: which requests it records, what it adds to pages, its history and settings.
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import debugtoolbar, {
  type DebugPanel,
  html,
  type PanelContext,
} from '../../../addons/debugtoolbar/index.js';
import {
  Configurator,
  DIAGNOSTICS_CHANNELS,
  type Handler,
  type Request,
  Response,
  type ZigguratError,
} from '../../../lib/index.js';
import { newestRecordUrl, PAGE, panelAfter, toolbarApp, toolbarUrlIn } from './toolbar-app.js';

describe('debug toolbar: pages', () => {
  it('adds the toolbar before </body> of HTML pages, with a Content-Length that fits', async () => {
    const app = await toolbarApp();
    const response = await app.inject('/page');
    assert.equal(response.statusCode, 200);
    const url = toolbarUrlIn(response.body);
    assert.match(url ?? '', /^\/_debug_toolbar\/requests\/[0-9a-f]{16}$/);
    assert.ok(response.body.indexOf('id="zig-debug-toolbar"') < response.body.indexOf('</body>'));
    assert.ok(response.body.startsWith(PAGE.slice(0, PAGE.indexOf('</body>'))));
    assert.equal(Number(response.headers['content-length']), Buffer.byteLength(response.body));
    const panels = await app.inject(url as string);
    assert.equal(panels.statusCode, 200);
    assert.match(panels.body, /GET \/page/);
  });

  it('treats a string body without a content type as the HTML page it is sent as', async () => {
    const app = await toolbarApp({}, (config) => {
      config.addRoute('bare', '/bare');
      config.addView(() => new Response('<html><body>bare</body></html>'), { routeName: 'bare' });
    });
    const response = await app.inject('/bare');
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.ok(toolbarUrlIn(response.body));
  });

  it('leaves JSON untouched but records it in the history, XHR marked', async () => {
    const app = await toolbarApp();
    const response = await app.inject({ url: '/data/7', headers: { 'x-requested-with': 'XMLHttpRequest' } });
    assert.deepEqual(response.json(), { id: '7' });
    assert.equal(response.body, '{"id":"7"}');
    const history = await app.inject('/_debug_toolbar/');
    assert.match(
      history.body,
      /\/data\/7<\/a><\/td><td>200<\/td><td>application\/json[^<]*<\/td><td>XHR<\/td>/,
    );
  });

  it('serves its own stylesheet and script, and nothing else under static', async () => {
    const app = await toolbarApp();
    const css = await app.inject('/_debug_toolbar/static/toolbar.css');
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /^text\/css/);
    assert.match(css.body, /position: fixed/);
    assert.equal((await app.inject('/_debug_toolbar/static/toolbar.js')).statusCode, 200);
    assert.equal((await app.inject('/_debug_toolbar/static/..%2Fpackage.json')).statusCode, 404);
    assert.equal((await app.inject('/_debug_toolbar/static/constructor')).statusCode, 404);
  });

  it('keeps the last debugtoolbar.max_requests requests, newest first', async () => {
    const app = await toolbarApp({ 'debugtoolbar.max_requests': 2 });
    for (const id of ['1', '2', '3']) await app.inject(`/data/${id}`);
    const history = (await app.inject('/_debug_toolbar/')).body;
    assert.deepEqual(
      [...history.matchAll(/>(\/data\/\d)</g)].map((match) => match[1]),
      ['/data/3', '/data/2'],
    );
  });

  it('answers 404 for a request the history no longer has', async () => {
    const app = await toolbarApp();
    assert.equal((await app.inject('/_debug_toolbar/requests/0123456789abcdef')).statusCode, 404);
  });

  it('does not record its own pages', async () => {
    const app = await toolbarApp();
    await app.inject('/_debug_toolbar/');
    await app.inject('/_debug_toolbar/static/toolbar.js');
    assert.match((await app.inject('/_debug_toolbar/')).body, /no request recorded yet/);
  });

  it('lets redirects through unless debugtoolbar.intercept_redirects is on', async () => {
    const plain = await toolbarApp();
    assert.equal((await plain.inject('/away')).statusCode, 302);
    const intercepting = await toolbarApp({ 'debugtoolbar.intercept_redirects': 'true' });
    const response = await intercepting.inject('/away');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Redirect intercepted/);
    assert.match(response.body, /<a id="zig-redirect-location" href="\/page">/);
    assert.ok(toolbarUrlIn(response.body));
    assert.match(String(response.headers['set-cookie']), /^flash=moved/);
  });
  it('records a subrequest into the request that made it: one history entry, one toolbar', async () => {
    const app = await toolbarApp({}, (config) => {
      config.addRoute('fragment', '/fragment');
      config.addView(() => new Response('<html><body><p>fragment</p></body></html>'), {
        routeName: 'fragment',
      });
      config.addRoute('outer', '/outer');
      config.addView(
        async (request: Request) => {
          const inner = await request.invokeSubrequest('/fragment', { useTweens: true });
          return new Response(`<html><body><div>${String(inner.body)}</div></body></html>`);
        },
        { routeName: 'outer' },
      );
    });
    const response = await app.inject('/outer');
    assert.equal(response.body.match(/id="zig-debug-toolbar"/g)?.length, 1, response.body);
    assert.match(response.body, /<div><html><body><p>fragment<\/p><\/body><\/html><\/div>/);
    const history = (await app.inject('/_debug_toolbar/')).body;
    assert.deepEqual(
      [...history.matchAll(/>(\/[a-z]+)<\/a>/g)].map((match) => match[1]),
      ['/outer'],
    );
  });
});

describe('debug toolbar: who sees it', () => {
  it('answers only clients in debugtoolbar.hosts (127.0.0.1 and ::1 by default)', async () => {
    const app = await toolbarApp();
    const far = await app.inject({ url: '/page', remoteAddress: '10.1.2.3' });
    assert.equal(far.body, PAGE);
    assert.equal((await app.inject({ url: '/_debug_toolbar/', remoteAddress: '10.1.2.3' })).statusCode, 404);
    const v6 = await app.inject({ url: '/page', remoteAddress: '::1' });
    assert.ok(toolbarUrlIn(v6.body));
  });

  it("listens to the framework's channels only while a request is recorded", async () => {
    const heard: boolean[] = [];
    const app = await toolbarApp({ 'debugtoolbar.hosts': '10.0.0.0/8' }, (config) =>
      config.addTween(function probe(handler: Handler): Handler {
        return (request) => {
          heard.push(diagnostics.channel(DIAGNOSTICS_CHANNELS.render).hasSubscribers);
          return handler(request);
        };
      }),
    );
    await app.inject({ url: '/data/1', remoteAddress: '192.168.1.1' });
    await app.inject({ url: '/data/2', remoteAddress: '10.1.1.1' });
    await app.inject({ url: '/data/3', remoteAddress: '192.168.1.1' });
    assert.deepEqual(heard, [false, true, false]);
  });

  it('takes CIDR ranges, and the client address the app trusts its proxies for', async () => {
    const app = await toolbarApp({ 'debugtoolbar.hosts': '10.0.0.0/8' });
    assert.ok(toolbarUrlIn((await app.inject({ url: '/page', remoteAddress: '10.9.9.9' })).body));
    assert.equal(toolbarUrlIn((await app.inject('/page')).body), null);
    const proxied = await toolbarApp({ 'debugtoolbar.hosts': '10.0.0.0/8' }, (config) =>
      config.configureFastify(() => {}),
    );
    // Without trust_proxy, X-Forwarded-For is the client's own claim: ignored.
    const claimed = await proxied.inject({ url: '/page', headers: { 'x-forwarded-for': '10.1.1.1' } });
    assert.equal(toolbarUrlIn(claimed.body), null);
    const config = new Configurator({ settings: { 'debugtoolbar.hosts': '10.0.0.0/8' } });
    await config.include(debugtoolbar);
    config.addRoute('page', '/page');
    config.addView(() => PAGE, { routeName: 'page', renderer: 'string' });
    const trusting = await config.makeApp({ trustProxy: '127.0.0.1' });
    const forwarded = await trusting.inject({ url: '/page', headers: { 'x-forwarded-for': '10.1.1.1' } });
    assert.equal(forwarded.statusCode, 200);
    assert.equal((await trusting.inject('/_debug_toolbar/')).statusCode, 404);
    assert.match(
      (await trusting.inject({ url: '/_debug_toolbar/', headers: { 'x-forwarded-for': '10.1.1.1' } })).body,
      /\/page/,
    );
  });

  it('rejects a host that is not an address or range', async () => {
    await assert.rejects(toolbarApp({ 'debugtoolbar.hosts': 'localhost' }), (error: ZigguratError) => {
      assert.equal(error.code, 'ZIG_ERR_DEBUGTOOLBAR');
      assert.match(error.message, /debugtoolbar\.hosts.*"localhost"/);
      return true;
    });
  });

  it('refuses to load with NODE_ENV=production unless debugtoolbar.force is set', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await assert.rejects(toolbarApp(), (error: ZigguratError) => {
        assert.equal(error.code, 'ZIG_ERR_DEBUGTOOLBAR');
        assert.match(error.message, /NODE_ENV=production.*debugtoolbar\.force/);
        return true;
      });
      const forced = await toolbarApp({ 'debugtoolbar.force': 'true' });
      assert.ok(toolbarUrlIn((await forced.inject('/page')).body));
    } finally {
      if (before === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = before;
    }
  });

  it('is not there at all without the add-on', async () => {
    const config = new Configurator();
    config.addRoute('page', '/page');
    config.addView(() => PAGE, { routeName: 'page', renderer: 'string' });
    const app = await config.makeApp();
    assert.equal((await app.inject('/_debug_toolbar/')).statusCode, 404);
    assert.equal(toolbarUrlIn((await app.inject('/page')).body), null);
  });
});

/** A panel an add-on adds: counts the request's headers. */
class HeaderCountPanel implements DebugPanel<{ count: number }> {
  readonly name = 'header-count';
  readonly title = 'Header count';
  collect({ request }: PanelContext) {
    return { count: Object.keys(request.headers).length };
  }
  summary(data: { count: number }) {
    return `${data.count}`;
  }
  render(data: { count: number }) {
    return html`<p class="count">${data.count} headers ${'<b>&</b>'}</p>`;
  }
}

describe('debug toolbar: config.addDebugPanel', () => {
  it("adds an add-on's panel after the built-in ones, escaped by html``", async () => {
    const app = await toolbarApp({}, (config) =>
      config.include((inner: Configurator) => inner.addDebugPanel(HeaderCountPanel)),
    );
    const section = await panelAfter(app, { url: '/page', headers: { 'x-one': '1' } }, 'header-count');
    assert.match(section, /<p class="count">\d+ headers &lt;b&gt;&amp;&lt;\/b&gt;<\/p>/);
    const page = (await app.inject(await newestRecordUrl(app))).body;
    const tabs = [...page.matchAll(/id="zdt-tab-([a-z-]+)"/g)].map((match) => match[1]);
    assert.deepEqual(tabs, [
      'request',
      'dispatch',
      'rendering',
      'sql',
      'performance',
      'logs',
      'global',
      'header-count',
    ]);
  });

  it('fails at the call for something that is not a panel class', async () => {
    const config = new Configurator();
    await config.include(debugtoolbar);
    assert.throws(
      () => config.addDebugPanel(class Nameless {} as never),
      (error: ZigguratError) => error.code === 'ZIG_ERR_DEBUGTOOLBAR' && /Nameless/.test(error.message),
    );
  });

  it('reports two panels of one name from different places as a conflict', async () => {
    const config = new Configurator();
    await config.include(debugtoolbar);
    config.include((inner: Configurator) => inner.addDebugPanel(HeaderCountPanel));
    config.include((inner: Configurator) => inner.addDebugPanel(HeaderCountPanel));
    await assert.rejects(
      config.makeApp(),
      (error: ZigguratError) => error.code === 'ZIG_ERR_CONFIG_CONFLICT',
    );
  });

  it('shows a panel whose collect failed as failed, and the others still', async () => {
    class Broken implements DebugPanel<null> {
      readonly name = 'broken';
      readonly title = 'Broken';
      collect(): null {
        throw new Error('no luck');
      }
      render() {
        return '';
      }
    }
    const app = await toolbarApp({}, (config) => config.addDebugPanel(Broken));
    assert.match(await panelAfter(app, '/page', 'broken'), /collecting failed: no luck/);
    assert.match(await panelAfter(app, '/page', 'request'), /\/page/);
  });
});
