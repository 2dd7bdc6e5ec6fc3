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
