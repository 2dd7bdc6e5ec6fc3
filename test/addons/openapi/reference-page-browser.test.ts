// The API reference page (Swagger UI, served by the app itself) in a real browser: it loads without
// any request leaving the app, lists the operations, and a "try it out" call against the app succeeds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../browser.js';
import { notesConfig } from './app.js';

describe('the API reference page in a browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  before(async () => {
    app = await notesConfig().makeApp({ logger: false });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads from the app alone and lists the operations', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(base) && !url.startsWith('data:')) elsewhere.push(url);
    });
    await page.goto(`${base}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 });
    assert.equal(
      await page
        .locator('.info .title')
        .first()
        .innerText()
        .then((text) => text.startsWith('Notes')),
      true,
    );
    const operations = await page.locator('.opblock-summary').allInnerTexts();
    const flat = operations.map((text) => text.replace(/\s+/g, ' ').trim());
    for (const expected of ['GET /notes', 'POST /notes', 'GET /notes/{id}', 'GET /files/{path}']) {
      assert.ok(
        flat.some((text) => text.startsWith(expected)),
        `${expected} among ${JSON.stringify(flat)}`,
      );
    }
    assert.ok(flat.some((text) => text.includes('List the notes')));
    assert.deepEqual(elsewhere, [], 'no request leaves the app (no CDN)');
    await page.close();
  });

  it('"Try it out" calls the app and shows its answer', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/docs`);
    const operation = page.locator('#operations-default-getNote');
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('input[placeholder="id"]').fill('1');
    const answered = page.waitForResponse((response) => response.url() === `${base}/notes/1`);
    await operation.locator('button.execute').click();
    assert.equal((await answered).status(), 200);
    const live = operation.locator('.live-responses-table');
    await live.waitFor();
    assert.match(await live.locator('tbody .response-col_status').first().innerText(), /200/);
    const body = await live.locator('tbody .response-col_description pre').first().innerText();
    assert.deepEqual(JSON.parse(body), { id: 1, title: 'First' });
    await page.close();
  });
});
