// The package as users get it: dist/ builds, its types serve a strict app, and its entry points load.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;

describe('the built package', () => {
  it('builds dist/ and type-checks a strict user app against it, augmentation included', async () => {
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root });
    const result = await run(process.execPath, [tsc, '-p', 'test/fixtures/typed-app/tsconfig.json'], {
      cwd: root,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error), failed: true }));
    assert.ok(!('failed' in result), `the typed app does not compile:\n${result.stdout}`);
  });

  it('loads ziggurat, ziggurat/testing and the add-ons by package name', async () => {
    const core = await import('ziggurat');
    const testing = await import('ziggurat/testing');
    assert.equal(typeof core.Configurator, 'function');
    assert.equal(typeof testing.DummyRequest, 'function');
    for (const addon of ['session', 'csrf', 'handlebars', 'sql', 'health', 'debugtoolbar']) {
      const module = await import(`ziggurat/addons/${addon}`);
      assert.equal(typeof module.includeme, 'function', addon);
      assert.equal(module.default, module.includeme, addon);
    }
  });

  it('leaves ioredis unloaded until an app talks to Redis (it would slow every start)', async () => {
    const probe = [
      "import { createRequire } from 'node:module';",
      `const core = await import(${JSON.stringify(`${root}build/lib/index.js`)});`,
      'const config = new core.Configurator();',
      "config.addRoute('home', '/');",
      "config.addView(() => 'hi', { routeName: 'home', rateLimit: { max: 5, timeWindow: 1000 } });",
      'const app = await config.makeApp();',
      "await app.inject({ url: '/' });",
      'await app.close();',
      'const loaded = Object.keys(createRequire(import.meta.url).cache);',
      "console.log(loaded.some((file) => file.includes('/node_modules/ioredis/')));",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { cwd: root });
    assert.equal(stdout.trim(), 'false');
  });

  it('runs the ziggurat command', async () => {
    const { stdout } = await run(process.execPath, [`${root}bin/ziggurat.js`, '--version'], { cwd: root });
    assert.match(stdout, /^\d+\.\d+\.\d+/);
    await assert.rejects(
      run(process.execPath, [`${root}bin/ziggurat.js`, 'frobnicate']),
      (error: { code?: number }) => {
        assert.equal(error.code, 2);
        return true;
      },
    );
  });
});
