// The traversal scaffold on its production.ini (no editor password) in a real browser: the pages say
// that editing is disabled and how to enable it, with no sign-in link, and @@login answers a page
// instead of a password prompt that could never succeed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { loadSettings } from '../../lib/index.js';
import { launchBrowser } from '../browser.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const COMPILE_LIMIT_MS = 120_000;

/**
 * The scaffold copied to `directory` and compiled against this checkout (its node_modules link to
 * the checkout's: no install), as `ziggurat create` and `npm run build` would leave it.
 */
async function buildScaffold(directory: string): Promise<void> {
  if (!existsSync(join(root, 'dist/lib/index.js'))) {
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, timeout: COMPILE_LIMIT_MS });
  }
  cpSync(join(root, 'scaffolds/traversal'), directory, { recursive: true });
  mkdirSync(join(directory, 'node_modules'));
  symlinkSync(root, join(directory, 'node_modules/ziggurat'));
  symlinkSync(join(root, 'node_modules/@types'), join(directory, 'node_modules/@types'));
  await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: directory, timeout: COMPILE_LIMIT_MS });
}

describe('the traversal scaffold without an editor password, in a browser', () => {
  const temp = mkdtempSync(join(tmpdir(), 'zig-traversal-browser-'));
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let page: Page;

  before(async () => {
    await buildScaffold(temp);
    // production.ini as shipped; an empty environment, so that no AUTH_PASSWORD of this machine counts.
    const settings = loadSettings(join(temp, 'production.ini'), {});
    assert.equal(settings.app['auth.password'], '', 'production.ini ships without a password');
    const { main } = await import(pathToFileURL(join(temp, 'dist/src/app.js')).href);
    app = await main(settings.app).makeApp();
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('says that editing is disabled and how to enable it, and offers no sign-in', async () => {
    const response = await page.goto(`${base}/`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.textContent('header .user'), 'Editing is disabled');
    assert.equal(await page.locator('a', { hasText: 'Sign in' }).count(), 0);
    assert.equal(await page.locator('a[href*="@@login"]').count(), 0);
    const notice = String(await page.textContent('footer .notice'));
    assert.match(notice, /Editing is disabled/);
    assert.match(notice, /auth\.password\s+in the settings file \(or AUTH_PASSWORD in the environment\)/);
    assert.ok(await page.isVisible('footer .notice'));
  });

  it('answers @@login with a page saying so, not a password prompt', async () => {
    // A 401 with a Basic challenge would make Chromium ask for a password (here: fail to navigate).
    const response = await page.goto(`${base}/@@login?came_from=/welcome/`);
    assert.equal(response?.status(), 403);
    assert.equal(response?.headers()['www-authenticate'], undefined);
    assert.equal(await page.textContent('h1'), 'Editing is disabled');
    assert.ok(await page.isVisible('footer .notice'));
  });
});
