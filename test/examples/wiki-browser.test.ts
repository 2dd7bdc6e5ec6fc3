// The example wiki in a real browser (Chromium through playwright-core): log in, edit, follow a WikiWord, add the page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../browser.js';
import { makeWiki } from './wiki-app.js';

describe('the example wiki in a browser', () => {
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

  it('logs in, edits a page with a new WikiWord, follows it and adds that page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    assert.equal(new URL(page.url()).pathname, '/FrontPage');
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.equal(background, 'rgb(253, 251, 247)', 'the stylesheet is applied');

    await page.click('a.login');
    await page.fill('#username', 'editor');
    await page.fill('#password', 'editor');
    await Promise.all([page.waitForURL(`${base}/FrontPage`), page.click('form.login button')]);
    assert.match((await page.textContent('header nav')) ?? '', /Logged in as editor/);

    await page.click('a.edit');
    assert.equal(new URL(page.url()).pathname, '/FrontPage/edit_page');
    await page.fill('#body', 'Welcome back.\n\nThe browser wrote BrowserNotes.');
    await Promise.all([page.waitForURL(`${base}/FrontPage`), page.click('form.edit button')]);
    assert.equal(await page.textContent('article.page p:last-child'), 'The browser wrote BrowserNotes.');

    await page.click('a.missing:text("BrowserNotes")');
    assert.equal(new URL(page.url()).pathname, '/add_page/BrowserNotes');
    await page.fill('#body', 'Notes made in a real browser, linking back to FrontPage.');
    await Promise.all([page.waitForURL(`${base}/BrowserNotes`), page.click('form.edit button')]);
    assert.equal(await page.textContent('h1'), 'BrowserNotes');
    assert.equal(
      await page.textContent('article.page'),
      '\nNotes made in a real browser, linking back to FrontPage.\n',
    );

    await page.click('a:text("FrontPage")');
    assert.equal(
      await page.getAttribute('article.page a:text("BrowserNotes")', 'class'),
      null,
      'now an existing page',
    );
    // Log-out comes back to /FrontPage, the URL the page already has, so waitForURL would not wait:
    // wait for the page that has the log-in link.
    await page.click('form.logout button');
    await page.waitForSelector('a.login', { timeout: 15_000 });
    assert.equal(new URL(page.url()).pathname, '/FrontPage');
    assert.doesNotMatch((await page.textContent('header nav')) ?? '', /Logged in as/, 'logged out');
  });
});
