// The example wiki's live notice, in a real browser: a page open in one browser context shows "This page
// was changed by <user>" with a link to the new version when an editor saves it in another context
// (server-sent events from /{pagename}/changes, fed by the broadcaster).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { openEventStream } from '../../lib/testing/index.js';
import { launchBrowser } from '../browser.js';
import { makeWiki } from './wiki-app.js';

describe('the example wiki in a browser: live change notices', () => {
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

  it('shows the watcher who changed the page, with a link to the new version', async () => {
    const watching = await browser.newContext();
    const editing = await browser.newContext();
    watching.setDefaultTimeout(10_000);
    editing.setDefaultTimeout(10_000);
    const watcher = await watching.newPage();
    await watcher.goto(`${base}/FrontPage`);
    const notice = watcher.locator('.live-notice');
    assert.equal(await notice.isHidden(), true, 'no notice before a change');
    // The watcher's EventSource has connected: what is published from now on reaches it.
    await watcher.locator('.live-notice[data-live="open"]').waitFor({ state: 'attached' });

    const editor = await editing.newPage();
    await editor.goto(`${base}/login`);
    await editor.fill('#username', 'editor');
    await editor.fill('#password', 'editor');
    await Promise.all([editor.waitForURL(`${base}/FrontPage`), editor.click('form.login button')]);
    await editor.goto(`${base}/FrontPage/edit_page`);
    await editor.fill('#body', 'Changed while someone was reading.');
    await Promise.all([editor.waitForURL(`${base}/FrontPage`), editor.click('form.edit button')]);

    await notice.waitFor({ state: 'visible' });
    assert.match(String(await notice.textContent()), /This page was changed by editor\./);
    const link = notice.locator('a');
    assert.equal(await link.getAttribute('href'), '/FrontPage');
    await Promise.all([watcher.waitForURL(`${base}/FrontPage`), link.click()]);
    assert.match(String(await watcher.textContent('article.page')), /Changed while someone was reading/);
    await watching.close();
    await editing.close();
  });

  it('streams a page through the ordinary security and dispatch: a name that is no WikiWord ends at once', async () => {
    const stream = await openEventStream(app, '/notaword/changes');
    assert.equal(stream.status, 200);
    assert.equal(await stream.next(), null);
  });
});
