// loadApp: main(settings) returning a Configurator or an app; bad modules fail with stable codes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { listRoutes, loadApp, type ZigguratError } from '../../lib/index.js';
import { FIXTURE_INI, fixtureSettings, serverAppSettings, settingsDir } from '../cli/helpers.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as ZigguratError).code;
  }
  return 'no error';
}

describe('loadApp', () => {
  it('loads the app of a settings file: settings with here, a ready app, its registry', async () => {
    const loaded = await loadApp(FIXTURE_INI, { logger: false });
    try {
      assert.match(String(loaded.settings.greeting), /^Hello from \/.*fixture-app$/);
      assert.equal(loaded.settings.here, loaded.settingsFile.here);
      assert.equal(loaded.registry.settings, loaded.settings);
      assert.equal((await loaded.app.inject('/items/1')).body, '{"item":"1"}');
    } finally {
      await loaded.close();
    }
  });

  it('accepts a main that resolves to an app made by makeApp', async () => {
    const { file } = settingsDir(fixtureSettings('fixture.return = fastify'));
    const loaded = await loadApp(file, { env: {} });
    try {
      assert.equal(listRoutes(loaded.app).length, 6);
      assert.equal(listRoutes(loaded.registry).length, 6);
    } finally {
      await loaded.close();
    }
  });

  it('makes the app with the [server] options: trust_proxy, timeouts, body_limit', async () => {
    const settings = serverAppSettings(
      '',
      'trust_proxy = 10.0.0.1, 192.168.0.0/16\nrequest_timeout = 12\nheaders_timeout = 3\nkeep_alive_timeout = 4\nbody_limit = 2kb',
    );
    const loaded = await loadApp(settingsDir(settings).file, { env: {}, logger: false });
    try {
      const scheme = async (remoteAddress: string) => {
        const response = await loaded.app.inject({
          url: '/scheme',
          remoteAddress,
          headers: { 'x-forwarded-proto': 'https' },
        });
        return response.json().scheme;
      };
      assert.equal(await scheme('10.0.0.1'), 'https');
      assert.equal(await scheme('192.168.4.5'), 'https');
      assert.equal(
        await scheme('10.0.0.2'),
        'http',
        'X-Forwarded-Proto from an untrusted address is ignored',
      );
      assert.equal(await scheme('127.0.0.1'), 'http');
      assert.equal(loaded.app.server.requestTimeout, 12_000);
      assert.equal(loaded.app.server.headersTimeout, 3_000);
      assert.equal(loaded.app.server.keepAliveTimeout, 4_000);
      assert.equal(loaded.app.initialConfig.bodyLimit, 2048);
    } finally {
      await loaded.close();
    }
  });

  it('fails with stable codes: a missing module, a module without main, main returning nonsense', async () => {
    const missing = settingsDir('[app]\nuse = ./nowhere.js\n');
    assert.equal(await codeOf(loadApp(missing.file)), 'ZIG_ERR_SETTINGS_USE');
    const noMain = settingsDir('[app]\nuse = ./app.js\n');
    writeFileSync(`${noMain.dir}/app.js`, 'export const notMain = 1;\n');
    assert.equal(await codeOf(loadApp(noMain.file)), 'ZIG_ERR_SETTINGS_USE');
    const nonsense = settingsDir(fixtureSettings('fixture.return = nonsense'));
    assert.equal(await codeOf(loadApp(nonsense.file)), 'ZIG_ERR_SETTINGS_MAIN');
  });

  it('says so when the app was made with another copy of Ziggurat than the one loading it', async () => {
    // What another copy's Configurator looks like from here: its registry is of another Registry class.
    const foreign = settingsDir('[app]\nuse = ./app.js\n');
    writeFileSync(
      `${foreign.dir}/app.js`,
      "export function main() {\n  return { registry: {}, makeApp: async () => { throw new Error('not called'); } };\n}\n",
    );
    await assert.rejects(loadApp(foreign.file), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ZIG_ERR_SETTINGS_MAIN');
      assert.match(error.message, /app\.js returned a Configurator made with another copy of Ziggurat/);
      assert.match(error.message, /npx ziggurat/);
      return true;
    });
  });
});
