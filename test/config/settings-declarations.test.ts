// Settings typos: keys of declared namespaces that nothing reads are warned about at commit, once each.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import * as csrf from '../../addons/csrf/index.js';
import * as handlebars from '../../addons/handlebars/index.js';
import * as health from '../../addons/health/index.js';
import * as session from '../../addons/session/index.js';
import * as sql from '../../addons/sql/index.js';
import { Configurator, type Settings, type ZigguratError } from '../../lib/index.js';

/** A Fastify logger writing its JSON lines into `lines`. */
function capturingLogger(lines: Array<Record<string, unknown>>) {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { level: 'warn', stream };
}

describe('settings typos', () => {
  it('warns at commit about unknown keys of Ziggurat and add-on namespaces, with the closest key', async () => {
    const settings: Settings = {
      'handlebars.reloda': 'true',
      'ziggurat.debugAuthorisation': 'true',
      'ziggurat.allowed_host': 'example.com',
      'handlebars.nothingLikeIt': 'x',
      'handlebars.reload': 'true',
      'app.anything': 'mine',
      'shop.curency': 'EUR',
      here: '/somewhere',
    };
    const config = new Configurator({ settings });
    config.include(handlebars);
    await config.commit();
    const warnings = config.registry.settingsWarnings;
    assert.deepEqual(
      warnings.map((warning) => [warning.key, warning.suggestion, warning.location]),
      [
        ['handlebars.reloda', 'handlebars.reload', null],
        ['ziggurat.debugAuthorisation', 'ziggurat.debugAuthorization', null],
        ['ziggurat.allowed_host', 'ziggurat.allowed_hosts', null],
        ['handlebars.nothingLikeIt', null, null],
      ],
    );
    assert.equal(
      warnings[0]?.message,
      "unknown setting 'handlebars.reloda', ignored (did you mean 'handlebars.reload'?)",
    );
    assert.equal(
      warnings[3]?.message,
      "unknown setting 'handlebars.nothingLikeIt', ignored (the handlebars settings: directories, reload)",
    );
  });

  it("logs each warning on the app's logger once, and checks the namespaces add-ons declare", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const config = new Configurator({
      settings: {
        'sql.url': 'sqlite::memory:',
        'sql.poolsize': '3',
        'session.secret': 'x'.repeat(40),
        'session.cookiename': 'sid',
        'csrf.feild': 'token',
        'health.maxRSS': '1gb',
        'sql.migrations': 'migrations',
      },
    });
    for (const addon of [sql, session, csrf, health]) config.include(addon);
    const app = await config.makeApp({ logger: capturingLogger(lines) });
    try {
      await config.commit();
      const warned = lines.filter((line) => line.level === 40).map((line) => [line.setting, line.msg]);
      assert.deepEqual(warned, [
        ['sql.poolsize', "unknown setting 'sql.poolsize', ignored (did you mean 'sql.poolSize'?)"],
        [
          'session.cookiename',
          "unknown setting 'session.cookiename', ignored (did you mean 'session.cookieName'?)",
        ],
        ['csrf.feild', "unknown setting 'csrf.feild', ignored (did you mean 'csrf.field'?)"],
        ['health.maxRSS', "unknown setting 'health.maxRSS', ignored (did you mean 'health.maxRss'?)"],
      ]);
    } finally {
      await app.close();
    }
  });

  it('takes the keys an add-on declares with declareSettings, adding up declarations of one namespace', async () => {
    const config = new Configurator({
      settings: { 'shop.currency': 'EUR', 'shop.taxRate': '0.2', 'shop.taxrat': '1' },
    });
    config.include((addon) => addon.declareSettings('shop', ['currency']));
    config.include((addon) => addon.declareSettings('shop', ['taxRate']));
    await config.commit();
    assert.deepEqual(
      config.registry.settingsWarnings.map((warning) => warning.suggestion),
      ['shop.taxRate'],
    );
  });

  it('refuses a namespace with a dot or keys that are not a list of names', () => {
    const config = new Configurator();
    for (const [namespace, keys] of [
      ['shop.x', ['a']],
      ['', ['a']],
      ['shop', 'currency'],
      ['shop', ['']],
    ] as const) {
      assert.throws(
        () => config.declareSettings(namespace, keys as readonly string[]),
        (error: ZigguratError) =>
          error.code === 'ZIG_ERR_CONFIG_OPTION' && /settings-declarations\.test\.ts:\d+/.test(error.message),
      );
    }
  });
});
