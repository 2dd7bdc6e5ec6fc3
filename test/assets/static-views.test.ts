import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Configurator, HTTPSeeOther, type Request } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';
import { listenLocally, rawHttp } from '../http/raw-http.js';

const fixture = (path: string) => fileURLToPath(new URL(`../../../test/fixtures/${path}`, import.meta.url));

function staticApp(configure: (config: Configurator) => void = () => {}) {
  return appWith((config) => {
    config.addStaticView('static', fixture('static'));
    config.addRoute('urls', '/urls');
    config.addView(
      (request: Request) => ({
        byName: request.staticUrl('static/css/site.css'),
        byPath: request.staticUrl(fixture('static/with space.txt')),
      }),
      { routeName: 'urls', renderer: 'json' },
    );
    configure(config);
  });
}

describe('static views', () => {
  it('serve a directory under a prefix, with a cache lifetime', async () => {
    const app = await staticApp();
    const css = await call(app, '/static/css/site.css');
    assert.equal(css.status, 200);
    assert.equal(css.body, readFileSync(fixture('static/css/site.css'), 'utf8'));
    assert.match(String(css.headers['content-type']), /^text\/css/);
    assert.equal(css.headers['cache-control'], 'public, max-age=3600');
    assert.equal((await call(app, '/static/with%20space.txt')).body, 'file with space\n');
    assert.equal((await call(app, '/static/missing.txt')).status, 404);
  });

  it('build URLs from a file path or a name-relative path', async () => {
    const app = await staticApp();
    assert.deepEqual((await call(app, '/urls')).json, {
      byName: 'http://localhost/static/css/site.css',
      byPath: 'http://localhost/static/with%20space.txt',
    });
  });

  it('never leave the directory: dot segments, encoded traversal, absolute paths, dotfiles', async () => {
    const app = await staticApp();
    for (const url of [
      '/static/../outside.txt',
      '/static/%2e%2e/outside.txt',
      '/static/..%2foutside.txt',
      '/static/%2e%2e%2foutside.txt',
      '/static/css/..%2F..%2Foutside.txt',
      '/static//etc/passwd',
      '/static/%2Fetc%2Fpasswd',
      '/static/..%5coutside.txt',
      '/static/.secret',
      '/static/%00hello.txt',
    ]) {
      const response = await call(app, url);
      assert.ok([400, 403, 404].includes(response.status), `${url} answered ${response.status}`);
      assert.doesNotMatch(response.body, /outside the static directory|top secret|root:/, url);
    }
  });

  it('give cache headers only to files served from the directory, never to what the app answers instead', async (t) => {
    const app = await staticApp((config) => {
      // Like an app whose not-found view sends anonymous visitors to a log-in page.
      config.addNotFoundView(
        (request: Request) =>
          request.path.endsWith('.json') ? { found: false } : new HTTPSeeOther('/login'),
        { renderer: 'json' },
      );
    });
    t.after(() => app.close());
    const served = await call(app, '/static/hello.txt');
    assert.equal(served.headers['cache-control'], 'public, max-age=3600');
    const revalidated = await call(app, {
      url: '/static/hello.txt',
      headers: { 'if-none-match': String(served.headers.etag) },
    });
    assert.deepEqual(
      [revalidated.status, revalidated.headers['cache-control']],
      [304, 'public, max-age=3600'],
    );
    for (const url of [
      '/static/missing.txt',
      '/static/',
      '/static/css',
      '/static/.secret',
      '/static/missing.json',
    ]) {
      const response = await call(app, url);
      assert.ok([200, 303, 403, 404].includes(response.status), `${url} answered ${response.status}`);
      assert.equal(response.headers['cache-control'], undefined, url);
    }
    const port = await listenLocally(app);
    for (const path of [
      '/static/../outside.txt',
      '/static/%2e%2e/outside.txt',
      '/static/css/../../outside.txt',
    ]) {
      const response = await rawHttp(port, `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close`);
      assert.notEqual(response.status, 200, path);
      assert.equal(response.headers['cache-control'], undefined, path);
      assert.doesNotMatch(response.body, /outside the static directory/, path);
    }
  });

  it('follow no symbolic link out of the directory unless followSymlinks allows it', async (t) => {
    const base = mkdtempSync(join(tmpdir(), 'zig-static-'));
    t.after(() => rmSync(base, { recursive: true, force: true }));
    mkdirSync(join(base, 'public/docs'), { recursive: true });
    mkdirSync(join(base, 'private'));
    writeFileSync(join(base, 'public/docs/inside.txt'), 'inside\n');
    writeFileSync(join(base, 'secret.txt'), 'secret\n');
    writeFileSync(join(base, 'private/key.txt'), 'key\n');
    symlinkSync('docs/inside.txt', join(base, 'public/in-link.txt'));
    symlinkSync('../secret.txt', join(base, 'public/out-link.txt'));
    symlinkSync(join(base, 'private'), join(base, 'public/out-dir'));
    symlinkSync(join(base, 'public'), join(base, 'linked-public'));
    const serve = (directory: string, options = {}) =>
      appWith((config) => config.addStaticView('static', join(base, directory), options));
    const contained = await serve('public');
    const body = async (app: Awaited<ReturnType<typeof serve>>, url: string) => {
      const response = await call(app, url);
      return response.status === 200 ? response.body : response.status;
    };
    assert.equal(await body(contained, '/static/docs/inside.txt'), 'inside\n');
    assert.equal(await body(contained, '/static/in-link.txt'), 'inside\n', 'a link that stays inside');
    assert.equal(await body(contained, '/static/out-link.txt'), 404);
    assert.equal(await body(contained, '/static/out-dir/key.txt'), 404);
    const viaLink = await serve('linked-public');
    assert.equal(
      await body(viaLink, '/static/docs/inside.txt'),
      'inside\n',
      'a directory that is itself a link',
    );
    assert.equal(await body(viaLink, '/static/out-link.txt'), 404);
    const following = await serve('public', { followSymlinks: true });
    assert.equal(await body(following, '/static/out-link.txt'), 'secret\n');
    assert.equal(await body(following, '/static/out-dir/key.txt'), 'key\n');
  });

  it('bust caches with a content hash, answered with a long immutable lifetime', async () => {
    const app = await appWith((config) => {
      config.addStaticView('assets', fixture('static'), { cacheBust: true, cacheMaxAge: 60 });
      config.addRoute('u', '/u');
      config.addView((request: Request) => request.staticUrl('assets/css/site.css'), {
        routeName: 'u',
        renderer: 'string',
      });
    });
    const url = (await call(app, '/u')).body;
    assert.match(url, /^http:\/\/localhost\/assets\/css\/site\.css\?v=[0-9a-f]{16}$/);
    const busted = await call(app, url.replace('http://localhost', ''));
    assert.equal(busted.headers['cache-control'], 'public, max-age=31536000, immutable');
    const stale = await call(app, '/assets/css/site.css?v=0000000000000000');
    assert.equal(stale.headers['cache-control'], 'public, max-age=60');
  });

  it('generate URLs on a CDN for an absolute-URL name', async () => {
    const app = await appWith((config) => {
      config.addStaticView('https://cdn.example.com/app/', fixture('static'));
      config.addRoute('u', '/u');
      config.addView((request: Request) => request.staticUrl(fixture('static/hello.txt')), {
        routeName: 'u',
        renderer: 'string',
      });
    });
    assert.equal((await call(app, '/u')).body, 'https://cdn.example.com/app/hello.txt');
    assert.equal((await call(app, '/app/hello.txt')).status, 404);
  });

  it('let overrideAsset replace a directory (falling back to the original) or a single file', async () => {
    const app = await staticApp((config) => {
      config.overrideAsset(fixture('static/'), fixture('static-override/'));
      config.overrideAsset(fixture('static/logo.txt'), fixture('logo-override.txt'));
    });
    assert.equal((await call(app, '/static/hello.txt')).body, 'overridden hello\n');
    assert.equal(
      (await call(app, '/static/css/site.css')).body,
      readFileSync(fixture('static/css/site.css'), 'utf8'),
    );
    assert.equal((await call(app, '/static/logo.txt')).body, 'replacement logo\n');
  });

  it('fail at commit for a missing directory, and staticUrl fails clearly for unknown paths', async () => {
    await assert.rejects(
      appWith((config) => config.addStaticView('s', fixture('nope'))),
      /nope is not a directory, at .*static-views\.test\.ts:\d+/,
    );
    await assert.rejects(
      appWith((config) => config.overrideAsset(fixture('static/'), fixture('missing-dir/'))),
      /missing-dir does not exist/,
    );
    const app = await staticApp((config) => {
      config.addRoute('bad', '/bad');
      config.addView((request: Request) => request.staticUrl('elsewhere/x.css'), {
        routeName: 'bad',
        renderer: 'string',
      });
    });
    assert.equal((await call(app, '/bad')).status, 500);
  });
});
