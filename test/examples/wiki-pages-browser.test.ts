// The example wiki's pages for people, in a real browser: readable dates, the "Adding" form, the page
// for adding a page that exists (409) with its link to the edit form, HTTP errors in the layout, and the
// live notice a reader gets when an editor saves the page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openEventStream } from '../../lib/testing/index.js';
import { launchBrowser } from '../browser.js';
import { makeWiki } from './wiki-app.js';

describe('the example wiki in a browser: pages for people', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  before(async () => {
    app = await makeWiki();
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A browser context (its own cookies) with the editor logged in. */
  async function editorContext(): Promise<BrowserContext> {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#username', 'editor');
    await page.fill('#password', 'editor');
    await Promise.all([page.waitForURL(`${base}/FrontPage`), page.click('form.login button')]);
    await page.close();
    return context;
  }

  /** The stylesheet is applied: the page is in the wiki's layout. */
  async function inLayout(page: Page): Promise<boolean> {
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    return background === 'rgb(253, 251, 247)' && (await page.locator('header a.brand').count()) === 1;
  }

  it('shows when a page was saved as a readable date, the ISO instant in <time datetime>', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/FrontPage`);
    const time = page.locator('.meta time');
    const iso = String(await time.getAttribute('datetime'));
    assert.equal(new Date(iso).toISOString(), iso);
    const shown = String(await time.textContent());
    assert.match(shown, /^\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC$/);
    const date = new Date(iso);
    assert.ok(shown.startsWith(`${date.getUTCDate()} `), `${shown} is the day of ${iso}`);
    await page.close();
  });

  it('adds a page from a form titled "Adding"; adding it again shows the 409 page, whose link edits it', async () => {
    const context = await editorContext();
    const first = await context.newPage();
    const second = await context.newPage();
    for (const page of [first, second]) {
      await page.goto(`${base}/add_page/TeaTime`);
      assert.equal(await page.textContent('h1'), 'Adding TeaTime');
      assert.equal(await page.title(), 'Adding TeaTime · Ziggurat wiki');
    }
    await second.fill('#body', 'Added from the second tab.');
    await Promise.all([second.waitForURL(`${base}/TeaTime`), second.click('form.edit button')]);

    await first.fill('#body', 'Added from the first tab.');
    const [answer] = await Promise.all([
      first.waitForResponse((response) => response.request().method() === 'POST'),
      first.waitForEvent('load'),
      first.click('form.edit button'),
    ]);
    assert.equal(answer.status(), 409);
    assert.equal(await first.title(), 'TeaTime exists already · Ziggurat wiki');
    assert.ok(await inLayout(first), "the wiki's own page, not plain text");
    await Promise.all([first.waitForURL(`${base}/TeaTime/edit_page`), first.click('main a.edit')]);
    assert.equal(await first.textContent('h1'), 'Editing TeaTime');
    assert.equal(await first.inputValue('#body'), 'Added from the second tab.', 'nothing was overwritten');
    await context.close();
  });

  it("shows an HTTP error such as 405 in the wiki's layout", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/FrontPage`);
    // A form posting to a page, which is only read (run in the page: the tests compile without the DOM's types).
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.request().method() === 'POST'),
      page.waitForEvent('load'),
      page.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/FrontPage';
        document.body.append(form);
        form.submit();
      })()`),
    ]);
    assert.equal(response.status(), 405);
    assert.equal(response.headers().allow, 'GET, HEAD');
    assert.equal(await page.title(), 'Method Not Allowed · Ziggurat wiki');
    assert.equal(await page.textContent('p.explanation'), 'The method is not allowed for this resource.');
    assert.ok(await inLayout(page));
    await Promise.all([page.waitForEvent('load'), page.click('main a:text("Back to the FrontPage")')]);
    assert.equal(await page.title(), 'FrontPage · Ziggurat wiki');
    await page.close();
  });

  it('shows a reader "This page was changed by <user>" with a link when an editor saves the page', async () => {
    // Two browser contexts: one watching (anonymous), one editing; the notice comes over server-sent events.
    const watching = await browser.newContext();
    watching.setDefaultTimeout(10_000);
    const watcher = await watching.newPage();
    await watcher.goto(`${base}/FrontPage`);
    const notice = watcher.locator('.live-notice');
    assert.equal(await notice.isHidden(), true, 'no notice before a change');
    // The watcher's EventSource has connected: what is published from now on reaches it.
    await watcher.locator('.live-notice[data-live="open"]').waitFor({ state: 'attached' });

    const editing = await editorContext();
    const editor = await editing.newPage();
    await editor.goto(`${base}/FrontPage/edit_page`);
    await editor.fill('#body', 'Changed while someone was reading.');
    await Promise.all([editor.waitForURL(`${base}/FrontPage`), editor.click('form.edit button')]);

    await notice.waitFor({ state: 'visible' });
    assert.match(String(await notice.textContent()), /This page was changed by editor\./);
    const link = notice.locator('a');
    assert.equal(await link.getAttribute('href'), '/FrontPage');
    await Promise.all([watcher.waitForEvent('load'), link.click()]);
    assert.match(String(await watcher.textContent('article.page')), /Changed while someone was reading/);
    await watching.close();
    await editing.close();
  });

  it('ends the change stream of a name that is no WikiWord at once', async () => {
    const stream = await openEventStream(app, '/notaword/changes');
    assert.equal(stream.status, 200);
    assert.equal(await stream.next(), null);
  });
});
