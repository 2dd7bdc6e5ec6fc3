// The browser tests' launcher: the bundled Chromium (the fallback on a machine without Debian's) renders a page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CHROMIUM_ENV, launchBrowser } from './browser.js';

/** The Chromium major version the npm package ships (its own version's major, e.g. 143). */
function bundledMajor(): string {
  const file = new URL('../../package.json', import.meta.resolve('@sparticuz/chromium'));
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  return String(pkg.version).split('.')[0] ?? '';
}

describe('launchBrowser', () => {
  let server: Server;
  let base: string;
  const saved = process.env[CHROMIUM_ENV];

  before(async () => {
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(
        '<!doctype html><title>Bundled</title><p id="answer">42</p><script>document.title += "!"</script>',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    if (saved === undefined) delete process.env[CHROMIUM_ENV];
    else process.env[CHROMIUM_ENV] = saved;
    await new Promise((resolve) => server.close(resolve));
  });

  it('launches the Chromium @sparticuz/chromium ships when ZIGGURAT_CHROMIUM=bundled', async () => {
    process.env[CHROMIUM_ENV] = 'bundled';
    const browser = await launchBrowser();
    try {
      assert.equal(
        browser.version().split('.')[0],
        bundledMajor(),
        `not the bundled one: ${browser.version()}`,
      );
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      assert.equal(await page.textContent('#answer'), '42');
      assert.equal(await page.title(), 'Bundled!', 'scripts run');
    } finally {
      await browser.close();
    }
  });

  it('refuses an unknown ZIGGURAT_CHROMIUM value, naming the ones it takes', async () => {
    process.env[CHROMIUM_ENV] = 'firefox';
    await assert.rejects(launchBrowser(), /ZIGGURAT_CHROMIUM=firefox: expected bundled, system or auto/);
  });
});
