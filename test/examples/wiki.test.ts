// The example wiki, driven through app.inject() with a cookie jar: every flow a visitor, an editor and a basic user take.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { CookieJar } from '../helpers.js';
import { makeWiki, wikiModule } from './wiki-app.js';

type Reply = Awaited<ReturnType<CookieJar['call']>>;

/** The CSRF token in a page's forms. */
function tokenIn(html: string): string {
  const token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page has a form with a CSRF token');
  return token;
}

/** POST a form, as a browser would. */
function post(jar: CookieJar, app: FastifyInstance, url: string, fields: Record<string, string>) {
  return jar.call(app, {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** Log in through the form (taking its CSRF token first). */
async function logIn(
  jar: CookieJar,
  app: FastifyInstance,
  username: string,
  password: string,
  cameFrom = '',
) {
  const form = await jar.call(app, `/login${cameFrom ? `?came_from=${encodeURIComponent(cameFrom)}` : ''}`);
  const fields = { csrf_token: tokenIn(form.body), username, password, came_from: cameFrom };
  return post(jar, app, '/login', fields);
}

/** Save a page's text through its edit form. */
async function edit(jar: CookieJar, app: FastifyInstance, name: string, body: string): Promise<Reply> {
  const form = await jar.call(app, `/${name}/edit_page`);
  assert.equal(form.status, 200, `the edit form of ${name}`);
  return post(jar, app, `/${name}/edit_page`, { csrf_token: tokenIn(form.body), body });
}

function redirect(reply: Reply): [number, string | undefined] {
  return [reply.status, reply.headers.location as string | undefined];
}

describe('the example wiki', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await makeWiki();
  });
  after(() => app.close());

  describe('visitors', () => {
    it('are sent from / to the FrontPage, seeded with WikiWord links', async () => {
      const jar = new CookieJar();
      assert.deepEqual(redirect(await jar.call(app, '/')), [303, '/FrontPage']);
      const page = await jar.call(app, '/FrontPage');
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<title>FrontPage · Ziggurat wiki<\/title>/);
      assert.match(page.body, /<a href="\/FrontPage">FrontPage<\/a>/, 'an existing page links to its view');
      assert.match(
        page.body,
        /<a class="missing" href="\/add_page\/ZigguratWiki" title="Add ZigguratWiki">ZigguratWiki<\/a>/,
        'a missing page links to its add form',
      );
      assert.doesNotMatch(page.body, /edit_page/, 'no edit link for visitors');
      assert.match(page.body, /href="\/login\?came_from&#x3D;%2FFrontPage"/, 'Handlebars escapes =');
      assert.equal(jar.cookies.size, 0, 'reading a page makes no session');
    });

    it('get the stylesheet the layout links', async () => {
      const page = await app.inject('/FrontPage');
      const href = (/<link rel="stylesheet" href="([^"]+)"/.exec(page.body)?.[1] ?? '').replaceAll(
        '&#x3D;',
        '=',
      );
      const css = await app.inject(new URL(href).pathname + new URL(href).search);
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers['content-type']), /^text\/css/);
      assert.match(css.body, /a\.missing/);
    });

    it('are sent to the login form, and back, when they try to edit or add', async () => {
      const jar = new CookieJar();
      assert.deepEqual(redirect(await jar.call(app, '/FrontPage/edit_page')), [
        303,
        '/login?came_from=%2FFrontPage%2Fedit_page',
      ]);
      assert.deepEqual(redirect(await jar.call(app, '/add_page/NewPage')), [
        303,
        '/login?came_from=%2Fadd_page%2FNewPage',
      ]);
      const login = await jar.call(app, '/login?came_from=%2FFrontPage%2Fedit_page');
      assert.match(login.body, /name="came_from" value="\/FrontPage\/edit_page"/);
      const sneaky = await post(jar, app, '/FrontPage/edit_page', {
        csrf_token: tokenIn(login.body),
        body: 'x',
      });
      assert.deepEqual(redirect(sneaky), [303, '/login?came_from=%2FFrontPage%2Fedit_page']);
      assert.match((await jar.call(app, '/FrontPage')).body, /Welcome to the Ziggurat wiki/, 'unchanged');
    });

    it('see the not-found page for missing pages, names that are not WikiWords and unknown paths', async () => {
      const missing = await app.inject('/NoSuchPage');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /<title>Not found · Ziggurat wiki<\/title>/);
      assert.match(missing.body, /<a class="add" href="\/add_page\/NoSuchPage">Add NoSuchPage<\/a>/);
      for (const url of ['/lowercase', '/a/b/c', '/static/missing.css']) {
        assert.equal((await app.inject(url)).statusCode, 404, url);
      }
      assert.match((await app.inject('/a/b/c')).body, /There is nothing at <code>\/a\/b\/c<\/code>/);
      const posted = await app.inject({ method: 'POST', url: '/FrontPage' });
      assert.deepEqual([posted.statusCode, posted.headers.allow], [405, 'GET, HEAD'], 'pages are only read');
    });
  });

  describe('logging in', () => {
    it('refuses a wrong password and an unknown user with the form again (400)', async () => {
      const jar = new CookieJar();
      for (const [username, password] of [
        ['editor', 'wrong'],
        ['nobody', 'editor'],
        ['', ''],
      ] as const) {
        const reply = await logIn(jar, app, username, password);
        assert.equal(reply.status, 400, `${username}/${password}`);
        assert.match(reply.body, /Wrong user name or password/);
        assert.match(reply.body, /<form class="login"/);
      }
      assert.doesNotMatch((await jar.call(app, '/FrontPage')).body, /Logged in as/);
    });

    it('logs the editor in and goes back where they came from', async () => {
      const jar = new CookieJar();
      const reply = await logIn(jar, app, 'editor', 'editor', '/FrontPage/edit_page');
      assert.deepEqual(redirect(reply), [303, '/FrontPage/edit_page']);
      const form = await jar.call(app, '/FrontPage/edit_page');
      assert.equal(form.status, 200);
      assert.match(form.body, /Logged in as <strong>editor<\/strong>/);
      assert.match(form.body, /<textarea id="body" name="body"[^>]*>Welcome to the Ziggurat wiki\./);
    });

    it('never redirects off the site after logging in', async () => {
      for (const cameFrom of [
        '//evil.example/',
        'https://evil.example/',
        '/\\evil.example',
        '/\t/evil.example',
        'javascript:alert(1)',
      ]) {
        const reply = await logIn(new CookieJar(), app, 'basic', 'basic', cameFrom);
        assert.deepEqual(redirect(reply), [303, '/FrontPage'], cameFrom);
      }
    });

    it('rejects a login form without a valid CSRF token (400)', async () => {
      const jar = new CookieJar();
      await jar.call(app, '/login');
      const missing = await post(jar, app, '/login', { username: 'editor', password: 'editor' });
      assert.equal(missing.status, 400);
      assert.match(missing.body, /This form could not be accepted/);
      const wrong = await post(jar, app, '/login', {
        csrf_token: 'forged',
        username: 'editor',
        password: 'editor',
      });
      assert.equal(wrong.status, 400);
      assert.doesNotMatch((await jar.call(app, '/FrontPage')).body, /Logged in as/);
    });
  });

  describe('editors', () => {
    it('add a page through the link of its missing WikiWord, then see it linked', async () => {
      const jar = new CookieJar();
      await logIn(jar, app, 'editor', 'editor');
      const front = await jar.call(app, '/FrontPage');
      const addUrl = /<a class="missing" href="([^"]+)"[^>]*>ZigguratWiki<\/a>/.exec(front.body)?.[1];
      assert.equal(addUrl, '/add_page/ZigguratWiki');
      const form = await jar.call(app, addUrl);
      assert.equal(form.status, 200);
      assert.match(form.body, /<form class="edit" method="post" action="\/add_page\/ZigguratWiki">/);
      const saved = await post(jar, app, addUrl, {
        csrf_token: tokenIn(form.body),
        body: 'All about it. See FrontPage.',
      });
      assert.deepEqual(redirect(saved), [303, '/ZigguratWiki']);
      const page = await jar.call(app, '/ZigguratWiki');
      assert.equal(page.status, 200);
      assert.match(page.body, /<p>All about it\. See <a href="\/FrontPage">FrontPage<\/a>\.<\/p>/);
      assert.match(page.body, /Last saved by editor/);
      assert.match((await jar.call(app, '/FrontPage')).body, /<a href="\/ZigguratWiki">ZigguratWiki<\/a>/);
      assert.deepEqual(redirect(await jar.call(app, addUrl)), [303, '/ZigguratWiki/edit_page'], 'exists now');
      const again = await post(jar, app, addUrl, { csrf_token: tokenIn(form.body), body: 'Overwritten?' });
      assert.equal(again.status, 409);
      assert.doesNotMatch((await jar.call(app, '/ZigguratWiki')).body, /Overwritten/);
    });

    it('edit a page: paragraphs and line breaks kept, links follow the new text', async () => {
      const jar = new CookieJar();
      await logIn(jar, app, 'editor', 'editor');
      await edit(jar, app, 'FrontPage', 'Original text.');
      const saved = await edit(jar, app, 'FrontPage', 'First line\nsecond line\n\nSee SandBox.');
      assert.deepEqual(redirect(saved), [303, '/FrontPage']);
      const page = await jar.call(app, '/FrontPage');
      assert.match(
        page.body,
        /<p>First line<br>\nsecond line<\/p>\n<p>See <a class="missing" href="\/add_page\/SandBox"/,
      );
      assert.match(page.body, /<a class="edit" href="\/FrontPage\/edit_page">Edit this page<\/a>/);
      assert.doesNotMatch(page.body, /Original text/);
      const form = await jar.call(app, '/FrontPage/edit_page');
      assert.match(
        form.body,
        />First line\nsecond line\n\nSee SandBox\.<\/textarea>/,
        'the text comes back as saved',
      );
      for (const url of ['/NoSuchPage/edit_page', '/add_page/notawikiword', '/lowercase/edit_page']) {
        assert.equal((await jar.call(app, url)).status, 404, url);
      }
    });

    it('cannot save without the CSRF token, or with a wrong one (400, nothing saved)', async () => {
      const jar = new CookieJar();
      await logIn(jar, app, 'editor', 'editor');
      await edit(jar, app, 'FrontPage', 'Before the attack.');
      const missing = await post(jar, app, '/FrontPage/edit_page', { body: 'Defaced' });
      assert.equal(missing.status, 400);
      assert.match(missing.body, /<title>Form expired · Ziggurat wiki<\/title>/);
      const wrong = await post(jar, app, '/FrontPage/edit_page', {
        csrf_token: 'x'.repeat(43),
        body: 'Defaced',
      });
      assert.equal(wrong.status, 400);
      const other = await jar.call(app, '/login');
      const foreign = tokenIn((await new CookieJar().call(app, '/login')).body);
      assert.notEqual(foreign, tokenIn(other.body));
      const stolen = await post(jar, app, '/FrontPage/edit_page', { csrf_token: foreign, body: 'Defaced' });
      assert.equal(stolen.status, 400, "another session's token");
      assert.match((await jar.call(app, '/FrontPage')).body, /Before the attack\./);
    });

    it('see their HTML shown as text, never run', async () => {
      const jar = new CookieJar();
      await logIn(jar, app, 'editor', 'editor');
      await edit(jar, app, 'FrontPage', '<script>alert("x")</script> & <b onclick=\'y\'>FrontPage</b>');
      const page = await jar.call(app, '/FrontPage');
      assert.doesNotMatch(page.body, /<script>|<b /);
      assert.match(
        page.body,
        /<p>&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &lt;b onclick=&#39;y&#39;&gt;<a href="\/FrontPage">FrontPage<\/a>&lt;\/b&gt;<\/p>/,
      );
      const form = await jar.call(app, '/FrontPage/edit_page');
      assert.match(
        form.body,
        /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/,
        'escaped in the textarea too',
      );
    });

    it('log out: the session ends, the edit form asks for a login again', async () => {
      const jar = new CookieJar();
      await logIn(jar, app, 'editor', 'editor');
      const page = await jar.call(app, '/FrontPage');
      assert.match(page.body, /<form class="logout" method="post" action="\/logout">/);
      assert.equal((await post(jar, app, '/logout', {})).status, 400, 'logging out needs the token too');
      const out = await post(jar, app, '/logout', { csrf_token: tokenIn(page.body) });
      assert.deepEqual(redirect(out), [303, '/FrontPage']);
      assert.doesNotMatch((await jar.call(app, '/FrontPage')).body, /Logged in as/);
      assert.deepEqual(redirect(await jar.call(app, '/FrontPage/edit_page')), [
        303,
        '/login?came_from=%2FFrontPage%2Fedit_page',
      ]);
    });
  });

  describe('basic users', () => {
    it('may read but get the forbidden page (403) for edit and add, and save nothing', async () => {
      const jar = new CookieJar();
      assert.deepEqual(redirect(await logIn(jar, app, 'basic', 'basic')), [303, '/FrontPage']);
      const page = await jar.call(app, '/FrontPage');
      assert.equal(page.status, 200);
      assert.match(page.body, /Logged in as <strong>basic<\/strong>/);
      assert.doesNotMatch(page.body, /Edit this page/);
      const token = tokenIn(page.body);
      for (const url of ['/FrontPage/edit_page', '/add_page/BasicPage']) {
        const form = await jar.call(app, url);
        assert.equal(form.status, 403, url);
        assert.match(form.body, /<title>Forbidden · Ziggurat wiki<\/title>/);
        assert.match(form.body, /only editors may add and edit pages/);
        const saved = await post(jar, app, url, { csrf_token: token, body: 'By basic' });
        assert.equal(saved.status, 403, `POST ${url}`);
      }
      assert.doesNotMatch((await jar.call(app, '/FrontPage')).body, /By basic/);
      assert.equal((await jar.call(app, '/BasicPage')).status, 404);
    });
  });
});

describe('the example wiki on a database file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ziggurat-wiki-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('makes its folder, migrates and seeds once, and keeps pages across restarts', async () => {
    const url = `sqlite:${join(folder, 'var', 'wiki.sqlite')}`;
    const first = await makeWiki({ 'sql.url': url });
    assert.ok(existsSync(join(folder, 'var', 'wiki.sqlite')));
    const jar = new CookieJar();
    await logIn(jar, first, 'editor', 'editor');
    await edit(jar, first, 'FrontPage', 'Kept across restarts.');
    await first.close();
    const second = await makeWiki({ 'sql.url': url });
    try {
      assert.match((await second.inject('/FrontPage')).body, /Kept across restarts\./, 'not seeded again');
      assert.deepEqual(redirect(await logIn(new CookieJar(), second, 'editor', 'editor')), [
        303,
        '/FrontPage',
      ]);
    } finally {
      await second.close();
    }
  });
});

describe('the wiki renderer', () => {
  interface WikiWords {
    renderBody(body: string, links: object): string;
    wikiWordsIn(text: string): string[];
  }
  const links = {
    exists: (name: string) => name.length % 2 === 0,
    viewUrl: (name: string) => `/${name}`,
    addUrl: (name: string) => `/add_page/${name}`,
  };

  it('never lets markup of the text through: every tag in the output is one of its links or paragraphs', async () => {
    const { renderBody } = await wikiModule<WikiWords>('wikiwords.js');
    const text = fc.string({
      unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', 'B', 'Foo', 'Bar', ' ', '\n', 'x'),
    });
    fc.assert(
      fc.property(text, (body) => {
        const html = renderBody(body, links);
        const tags = html.match(/<[^>]*>/g) ?? [];
        for (const tag of tags)
          assert.match(tag, /^<(p|\/p|br|\/a|a( class="missing")? href="[^"<>]*"( title="[^"<>]*")?)>$/);
        assert.equal(html.replace(/<[^>]*>/g, '').includes('<'), false);
      }),
    );
  });

  it('finds each WikiWord once, and only whole CamelCase words', async () => {
    const { wikiWordsIn } = await wikiModule<WikiWords>('wikiwords.js');
    assert.deepEqual(wikiWordsIn('FrontPage, FrontPage and HowTo2Cook; not HTML, iPhone, xFooBar or Front'), [
      'FrontPage',
      'HowTo2Cook',
    ]);
  });
});
