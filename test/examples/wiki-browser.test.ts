// The example wiki in a real browser (Chromium through playwright-core): log in, edit, follow a WikiWord, add the page;
// and add a page from the browsable API's form, which must send the session's CSRF token.
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

  it('adds a page from the browsable /api/pages form as the editor (the form sends the CSRF token)', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/login?came_from=%2Fapi%2Fpages`);
    await page.fill('#username', 'editor');
    await page.fill('#password', 'editor');
    await Promise.all([page.waitForURL(`${base}/api/pages`), page.click('form.login button')]);
    assert.match(String(await page.locator('pre.json').textContent()), /"name": "FrontPage"/);

    await page.fill('form[data-method=POST] input[name=name]', 'BrowsedPage');
    await page.fill('form[data-method=POST] input[name=body]', 'Added from the browsable API.');
    await page.click('form[data-method=POST] button');
    await page.waitForSelector('pre.headers:has-text("HTTP 201 Created")');
    const created = JSON.parse(String(await page.locator('pre.json').textContent()));
    assert.equal(created.name, 'BrowsedPage');
    assert.equal(created.author, 'editor');
    assert.equal(created.body, 'Added from the browsable API.');
    await page.goto(`${base}/BrowsedPage`);
    assert.equal(await page.textContent('article.page p'), 'Added from the browsable API.');
    await page.close();
  });
});
