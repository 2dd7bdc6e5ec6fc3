// The ziggurat.includes setting: add-ons included by module name or path, from a file or from code.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Configurator, loadApp } from '../../lib/index.js';
import { FIXTURE_APP } from '../cli/helpers.js';
import { call } from '../helpers.js';

/** A directory with a package `greeter-addon` in node_modules and a local add-on file. */
function appDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ziggurat-includes-'));
  const pkg = join(dir, 'node_modules', 'greeter-addon');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'greeter-addon', type: 'module', exports: './index.js' }),
  );
  writeFileSync(
    join(pkg, 'index.js'),
    `export function includeme(config) {
  config.addRoute('greeter', '/greeter');
  config.addView(() => ({ from: 'greeter-addon' }), { routeName: 'greeter', renderer: 'json' });
}\n`,
  );
  writeFileSync(
    join(dir, 'local-addon.js'),
    `export default function local(config) {
  config.addRoute('local', '/local');
  config.addView(() => ({ from: 'local' }), { routeName: 'local', renderer: 'json' });
}\n`,
  );
  return dir;
}

describe('ziggurat.includes', () => {
  it('includes add-ons by package name and relative path, resolved from the settings file', async () => {
    const dir = appDir();
    const file = join(dir, 'development.ini');
    writeFileSync(
      file,
      `[app]\nuse = ${FIXTURE_APP}\nziggurat.includes = greeter-addon\n  ./local-addon.js\n`,
    );
    writeFileSync(file, `[app]\nuse = ${FIXTURE_APP}\nziggurat.includes = greeter-addon, ./local-addon.js\n`);
    const loaded = await loadApp(file, { logger: false, env: {} });
    try {
      assert.deepEqual((await call(loaded.app, '/greeter')).json, { from: 'greeter-addon' });
      assert.deepEqual((await call(loaded.app, '/local')).json, { from: 'local' });
    } finally {
      await loaded.close();
    }
  });

  it('includes from new Configurator({ settings }) too, with a list, and the app overrides the add-on', async () => {
    const dir = appDir();
    const config = new Configurator({ settings: { here: dir, 'ziggurat.includes': ['greeter-addon'] } });
    config.addView(() => ({ from: 'app' }), { routeName: 'greeter', renderer: 'json' });
    const app = await config.makeApp();
    assert.deepEqual((await call(app, '/greeter')).json, { from: 'app' });
  });

  it('fails the commit with ZIG_ERR_INCLUDES for a module that is not there or exports no includeme', async () => {
    const dir = appDir();
    writeFileSync(join(dir, 'empty.js'), 'export const nothing = 1;\n');
    for (const name of ['no-such-addon', './missing.js', './empty.js']) {
      const config = new Configurator({ settings: { here: dir, 'ziggurat.includes': name } });
      await assert.rejects(config.commit(), { code: 'ZIG_ERR_INCLUDES' }, name);
    }
  });
});
