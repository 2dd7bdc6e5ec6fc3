// The development error page of a compiled TypeScript app: served by `ziggurat serve development.ini`
// and opened in Chromium, it names the .ts line that threw and shows the source around it (screenshot in
// build/test-output/debug-error-page); run with plain node (no source maps enabled), the page still maps
// the compiled frames to the .ts lines through the source maps beside them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../browser.js';
import { CliProcess, ROOT, within } from '../cli/helpers.js';
import { BIN, compileApp, type TypeScriptApp } from '../cli/typescript-app.js';

const OUTPUT = join(ROOT, 'build', 'test-output', 'debug-error-page');

const APP = `// The test app's entry point.
import { Configurator, type Settings } from 'ziggurat';
import { broken } from './views.js';

export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings });
  config.addRoute('broken', '/broken');
  config.addView(broken, { routeName: 'broken', renderer: 'json' });
  return config;
}
`;

// Type-only lines come first, so the .ts and the compiled .js lines differ.
const VIEWS = `// The test app's views.
import type { Request } from 'ziggurat';

/** What a page would answer. */
export interface Page {
  title: string;
}

type Pages = Record<string, Page>;

export function broken(request: Request): Page {
  const pages: Pages = {};
  const name = request.path.slice(1);
  return { title: pages[name]!.title }; // MARK:throw
}
`;

/** Inject a request into the app and print the problem document, as an app's own script would. */
const PRINT = `import { main } from './app.js';

const app = await main({ 'ziggurat.debug': 'true', here: process.cwd() }).makeApp();
const reply = await app.inject({ url: '/broken', headers: { accept: 'application/json' } });
console.log(reply.body);
await app.close();
`;

const INI = `[app]
use = ./dist/src/app.js
ziggurat.debug = true

[server]
host = 127.0.0.1
port = 0
shutdown_delay = 0

[logging]
level = error
`;

describe('the development error page of a compiled TypeScript app', () => {
  let app: TypeScriptApp;

  before(async () => {
    app = await compileApp({
      'src/app.ts': APP,
      'src/views.ts': VIEWS,
      'src/print.ts': PRINT,
      'development.ini': INI,
    });
  });
  after(() => app?.remove());

  it('maps compiled frames to the .ts lines and their source without source maps enabled', async () => {
    const result = await app.node('dist/src/print.js');
    assert.equal(result.code, 0, result.stderr);
    const problem = JSON.parse(result.stdout);
    const line = app.lineOf('src/views.ts', 'MARK:throw');
    const [frame] = problem.exception.frames;
    assert.equal(frame.kind, 'app');
    assert.match(frame.location, new RegExp(`^src/views\\.ts:${line}(:\\d+)?$`));
    assert.equal(frame.source.focus, line);
    const focused = frame.source.lines[line - frame.source.first];
    assert.match(focused, /pages\[name\]!\.title/);
    assert.equal(problem.exception.name, 'TypeError');
  });

  describe('in Chromium, served by ziggurat serve', () => {
    let browser: Browser;
    let server: CliProcess;
    let base: string;

    before(async () => {
      server = new CliProcess(['serve', 'development.ini'], { cwd: app.dir, script: BIN });
      base = await server.url();
      browser = await launchBrowser();
      mkdirSync(OUTPUT, { recursive: true });
    });
    after(async () => {
      await browser?.close();
      await server?.kill();
    });

    it('shows the TypeScript line that threw, with its source, and folds the framework frames', async () => {
      const page = await browser.newPage();
      const response = await within(page.goto(new URL('/broken', base).href), 30_000, 'GET /broken');
      assert.equal(response?.status(), 500);
      const line = app.lineOf('src/views.ts', 'MARK:throw');
      const first = page.locator('li.frame.app').first();
      assert.match(
        (await first.locator('.location').textContent()) ?? '',
        new RegExp(`^src/views\\.ts:${line}:\\d+$`),
      );
      assert.match((await first.locator('.focus').textContent()) ?? '', /pages\[name\]!\.title/);
      assert.match((await page.textContent('h1.error')) ?? '', /^TypeError: /);
      const folded = page.locator('li.framework-frames details').first();
      assert.equal(await folded.getAttribute('open'), null);
      assert.equal(await folded.locator('li.frame').first().isVisible(), false);
      await folded.locator('summary').click();
      assert.equal(await folded.locator('li.frame').first().isVisible(), true);
      await page.screenshot({ path: join(OUTPUT, 'typescript-error.png'), fullPage: true });
      await page.close();
    });
  });
});
