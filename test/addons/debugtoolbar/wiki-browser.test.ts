// The debug toolbar on the example wiki, in Chromium (playwright-core): the tab on a page, each panel opened,
// the route, the view, the page's SQL query (with EXPLAIN) and its template; screenshots in build/test-output.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchBrowser } from '../../browser.js';
import { makeWiki } from '../../examples/wiki-app.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
/** Where the screenshots go. */
const OUTPUT = join(root, 'build', 'test-output', 'debugtoolbar');

async function openPanel(frame: FrameLocator, name: string): Promise<string> {
  await frame.locator(`#zdt-tab-${name}`).click();
  const section = frame.locator(`#zdt-panel-${name}`);
  await section.waitFor({ state: 'visible' });
  return (await section.textContent()) ?? '';
}

/** The bounding boxes of the page's own blocks, to compare with and without the toolbar. */
function layoutOf(page: Page): Promise<unknown> {
  return page.evaluate(`[...document.querySelectorAll('body > *:not(#zig-debug-toolbar):not(link):not(script)')]
    .map((element) => { const box = element.getBoundingClientRect(); return [element.tagName, box.x, box.y, box.width, box.height]; })`);
}

describe('the debug toolbar on the example wiki, in a browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    app = await makeWiki({ 'ziggurat.includes': 'ziggurat/addons/debugtoolbar' });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('adds a fixed tab that leaves the layout alone, and opens every panel of the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/FrontPage`);
    const tab = page.locator('#zig-debug-toolbar .zdt-tab');
    await tab.waitFor({ state: 'visible' });
    assert.equal(
      await page.evaluate(`getComputedStyle(document.getElementById('zig-debug-toolbar')).position`),
      'fixed',
    );
    const withToolbar = await layoutOf(page);
    await page.screenshot({ path: join(OUTPUT, 'wiki-page-with-toolbar.png') });
    await page.evaluate(`document.getElementById('zig-debug-toolbar').remove()`);
    assert.deepEqual(await layoutOf(page), withToolbar, 'the page lays out the same without the toolbar');

    await page.goto(`${base}/FrontPage`);
    await page.locator('#zig-debug-toolbar .zdt-tab').click();
    const frame = page.frameLocator('#zig-debug-frame iframe');

    const request = await openPanel(frame, 'request');
    assert.match(request, /GET/);
    assert.match(request, /\/FrontPage/);
    await page.screenshot({ path: join(OUTPUT, 'panel-request.png') });

    const dispatch = await openPanel(frame, 'dispatch');
    assert.match(dispatch, /routeview_page/);
    assert.match(dispatch, /pattern\/\{pagename\}/);
    assert.match(dispatch, /pagenameFrontPage/);
    assert.match(dispatch, /\u2192 PageViews\.\w+/, 'the view that was called');
    assert.match(dispatch, /Outcome: view PageViews\.\w+/);
    await page.screenshot({ path: join(OUTPUT, 'panel-dispatch.png') });

    const rendering = await openPanel(frame, 'rendering');
    assert.match(rendering, /view\.hbs in \d+\.\d\d ms/);
    assert.match(rendering, /examples\/wiki\/templates\/view\.hbs/);
    await page.screenshot({ path: join(OUTPUT, 'panel-rendering.png') });

    const sqlPanel = await openPanel(frame, 'sql');
    assert.match(sqlPanel, /select .*from "pages"/i, 'the page query');
    assert.match(sqlPanel, /FrontPage/, 'its parameter');
    await frame.locator('#zdt-queries button[data-explain]').first().click();
    await frame
      .locator('#zdt-explain-0')
      .filter({ hasText: /detail|SCAN|SEARCH/ })
      .waitFor();
    await page.screenshot({ path: join(OUTPUT, 'panel-sql-explain.png') });

    const performance = await openPanel(frame, 'performance');
    assert.match(performance, /MAIN/);
    assert.match(performance, /total \(as the toolbar saw it\)[\d.]+ ms/);
    await page.screenshot({ path: join(OUTPUT, 'panel-performance.png') });

    await openPanel(frame, 'logs');
    await page.screenshot({ path: join(OUTPUT, 'panel-logs.png') });

    const global = await openPanel(frame, 'global');
    assert.match(global, /session\.secret\*{8}/, 'secrets masked');
    assert.match(global, /view_page\/\{pagename\}/);
    await page.screenshot({ path: join(OUTPUT, 'panel-global.png') });

    await page.locator('#zig-debug-frame button').click();
    assert.equal(await page.locator('#zig-debug-frame').count(), 0, 'closed');
  });

  it('lists JSON requests made by the page in the history, and opens their panels', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/FrontPage`);
    const status = await page.evaluate(
      `fetch('/api/pages', { headers: { 'X-Requested-With': 'XMLHttpRequest', accept: 'application/json' } }).then((answer) => answer.status)`,
    );
    assert.equal(status, 200);
    await page.goto(`${base}/_debug_toolbar/`);
    const row = page.locator('#zdt-history tbody tr', { hasText: '/api/pages' }).first();
    assert.match((await row.textContent()) ?? '', /GET\/api\/pages200application\/json.*XHR/);
    await page.screenshot({ path: join(OUTPUT, 'history.png') });
    await row.locator('a').click();
    await page.locator('#zdt-tab-dispatch').click();
    assert.match((await page.locator('#zdt-panel-dispatch').textContent()) ?? '', /route/);
    await page.screenshot({ path: join(OUTPUT, 'json-request-dispatch.png') });
  });
});
