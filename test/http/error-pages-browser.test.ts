// The framework's error pages in a real browser: what Chromium shows for 401, 403, 404, 405, 409 and
// 415 when the app has no exception views of its own (a page for people, not plain text).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../browser.js';
import { errorPagesApp } from './error-pages-app.js';

/** Post a form from a page of the app, as a user's click would, and wait for the page it answers. */
async function submitForm(page: Page, base: string, action: string, enctype: string) {
  await page.goto(`${base}/nowhere`);
  const answer = page.waitForResponse((response) => new URL(response.url()).pathname === action);
  // A string, run in the page (the tests compile without the DOM's types).
  await page.evaluate(`(() => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = ${JSON.stringify(action)};
    form.enctype = ${JSON.stringify(enctype)};
    const field = document.createElement('input');
    field.name = 'body';
    field.value = 'Tea for two';
    form.append(field);
    document.body.append(form);
    form.submit();
  })()`);
  await page.waitForURL(`${base}${action}`);
  return answer;
}

/** What the error page shows. */
async function shown(page: Page) {
  return {
    title: await page.title(),
    heading: await page.textContent('h1'),
    explanation: await page.textContent('p.explanation'),
    detail: (await page.locator('p.detail').count()) > 0 ? await page.textContent('p.detail') : null,
  };
}

describe('error pages in a browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const requested: string[] = [];

  before(async () => {
    app = await errorPagesApp();
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    page.on('request', (request) => requested.push(request.url()));
    return page;
  }

  it('shows 404, 403 and 401 as pages: the status, the explanation and the detail as text', async () => {
    const page = await newPage();
    const missing = await page.goto(`${base}/nowhere`);
    assert.equal(missing?.status(), 404);
    assert.match(String(missing?.headers()['content-type']), /^text\/html/);
    assert.deepEqual(await shown(page), {
      title: '404 Not Found',
      heading: '404 Not Found',
      explanation: 'The resource could not be found.',
      detail: null,
    });
    const forbidden = await page.goto(`${base}/admin`);
    assert.equal(forbidden?.status(), 403);
    const page403 = await shown(page);
    assert.equal(page403.title, '403 Forbidden');
    assert.equal(page403.detail, 'Only <admins> may look.', 'the detail shown as text, not markup');
    assert.equal(await page.locator('admins').count(), 0);
    const unauthorized = await page.goto(`${base}/account`);
    assert.equal(unauthorized?.status(), 401);
    assert.equal((await shown(page)).title, '401 Unauthorized');
  });

  it('shows 405, 409 and 415 answering forms as pages', async () => {
    const page = await newPage();
    const notAllowed = await submitForm(page, base, '/admin', 'application/x-www-form-urlencoded');
    assert.equal(notAllowed?.status(), 405);
    assert.equal(notAllowed?.headers().allow, 'GET, HEAD');
    assert.equal((await shown(page)).title, '405 Method Not Allowed');
    const conflict = await submitForm(page, base, '/pages/TeaTime', 'application/x-www-form-urlencoded');
    assert.equal(conflict?.status(), 409);
    assert.deepEqual(await shown(page), {
      title: '409 Conflict',
      heading: '409 Conflict',
      explanation: 'The request conflicts with the current state of the resource.',
      detail: 'The page TeaTime exists already.',
    });
    const unsupported = await submitForm(page, base, '/pages/TeaTime', 'multipart/form-data');
    assert.equal(unsupported?.status(), 415);
    assert.equal((await shown(page)).title, '415 Unsupported Media Type');
  });

  it('loads nothing but the page itself: no scripts, stylesheets or images', () => {
    assert.ok(requested.length >= 6);
    const others = requested.filter((url) => !/\/(nowhere|admin|account|pages\/TeaTime)$/.test(url));
    assert.deepEqual(others, []);
  });
});
