// The SQL add-on's settings and set-up errors: sql.url, pool and retry settings, use before commit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as sql from '../../../addons/sql/index.js';
import {
  getDatabase,
  isRetryableError,
  parseDatabaseUrl,
  readSqlOptions,
} from '../../../addons/sql/index.js';
import { Configurator, type Request, type Settings, type ZigguratError } from '../../../lib/index.js';
import { call } from '../../helpers.js';

function hasCode(code: string, pattern?: RegExp) {
  return (error: ZigguratError) => {
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

async function commitWith(settings: Settings): Promise<void> {
  const config = new Configurator({ settings });
  config.include(sql);
  await config.commit();
}

describe('SQL add-on settings', () => {
  it('fails at commit, with ZIG_ERR_SQL_URL, when sql.url is missing', async () => {
    await assert.rejects(commitWith({}), hasCode('ZIG_ERR_SQL_URL', /needs the setting 'sql\.url'/));
  });

  it('fails at commit, with ZIG_ERR_SQL_URL, for a database it does not support', async () => {
    await assert.rejects(
      commitWith({ 'sql.url': 'mysql://root@localhost/app' }),
      hasCode('ZIG_ERR_SQL_URL', /unsupported database 'mysql'/),
    );
    await assert.rejects(
      commitWith({ 'sql.url': 'sqlite:' }),
      hasCode('ZIG_ERR_SQL_URL', /names no SQLite file/),
    );
  });

  it('fails at commit, with ZIG_ERR_SQL_SETTING, on a bad pool size, retry count or isolation level', async () => {
    const url = 'sqlite::memory:';
    await assert.rejects(
      commitWith({ 'sql.url': url, 'sql.poolSize': 'many' }),
      hasCode('ZIG_ERR_SQL_SETTING', /'sql\.poolSize' must be an integer >= 1, got "many"/),
    );
    await assert.rejects(commitWith({ 'sql.url': url, 'sql.retries': -1 }), hasCode('ZIG_ERR_SQL_SETTING'));
    await assert.rejects(
      commitWith({ 'sql.url': url, 'sql.isolationLevel': 'chaos' }),
      hasCode('ZIG_ERR_SQL_SETTING', /serializable/),
    );
  });

  it('fails at commit, with ZIG_ERR_SQL_SETTING, on a bad Retry-After or query timeout', async () => {
    const url = 'sqlite::memory:';
    await assert.rejects(
      commitWith({ 'sql.url': url, 'sql.retryAfter': 'soon' }),
      hasCode('ZIG_ERR_SQL_SETTING', /'sql\.retryAfter' must be an integer >= 0, got "soon"/),
    );
    await assert.rejects(
      commitWith({ 'sql.url': url, 'sql.retryAfter': 1.5 }),
      hasCode('ZIG_ERR_SQL_SETTING'),
    );
    await assert.rejects(
      commitWith({ 'sql.url': url, 'sql.queryTimeout': -1 }),
      hasCode('ZIG_ERR_SQL_SETTING', /'sql\.queryTimeout' must be an integer >= 0, got -1/),
    );
    const options = readSqlOptions({ 'sql.url': url, 'sql.retryAfter': ' 30 ', 'sql.queryTimeout': '0' });
    assert.equal(options.retryAfter, 30);
    assert.equal(options.queryTimeout, 0);
  });

  it('reads the settings with their defaults, strings included', () => {
    const options = readSqlOptions(
      {
        'sql.url': 'postgres://app@db/app',
        'sql.poolSize': '4',
        'sql.isolationLevel': 'REPEATABLE_READ',
        'sql.migrations': 'db/migrations',
      },
      '/srv/app',
    );
    assert.deepEqual(options, {
      target: { dialect: 'postgres', url: 'postgres://app@db/app' },
      poolSize: 4,
      connectTimeout: 10_000,
      idleTimeout: 10_000,
      queryTimeout: 30_000,
      retryAfter: 5,
      retries: 3,
      isolationLevel: 'repeatable read',
      migrations: '/srv/app/db/migrations',
    });
  });

  it('resolves a relative SQLite file against the working directory', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:var/app.db', '/srv/app'), {
      dialect: 'sqlite',
      file: '/srv/app/var/app.db',
    });
    assert.deepEqual(parseDatabaseUrl('sqlite:/tmp/app.db', '/srv/app'), {
      dialect: 'sqlite',
      file: '/tmp/app.db',
    });
    assert.deepEqual(parseDatabaseUrl('sqlite:///tmp/app.db', '/srv/app'), {
      dialect: 'sqlite',
      file: '/tmp/app.db',
    });
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:'), { dialect: 'sqlite', file: ':memory:' });
    assert.equal(parseDatabaseUrl('postgresql://h/db').dialect, 'postgres');
  });

  it('refuses getDatabase before the configuration is committed', () => {
    const config = new Configurator({ settings: { 'sql.url': 'sqlite::memory:' } });
    config.include(sql);
    assert.throws(() => getDatabase(config.registry), hasCode('ZIG_ERR_SQL_NOT_READY'));
  });

  it('needs a function for setTransactionRule', () => {
    const config = new Configurator({ settings: { 'sql.url': 'sqlite::memory:' } });
    config.include(sql);
    assert.throws(() => config.setTransactionRule(42 as never), hasCode('ZIG_ERR_CONFIG_OPTION'));
  });

  it('knows serialization failures and deadlocks, also as a cause', () => {
    assert.equal(isRetryableError(Object.assign(new Error('x'), { code: '40001' })), true);
    assert.equal(isRetryableError(Object.assign(new Error('x'), { code: '40P01' })), true);
    assert.equal(isRetryableError(new Error('wrapped', { cause: { code: '40001' } })), true);
    assert.equal(isRetryableError(Object.assign(new Error('x'), { code: '23505' })), false);
    assert.equal(isRetryableError('40001'), false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    assert.equal(isRetryableError(loop), false);
  });

  it('gives an in-memory SQLite database to request.db, and refuses a nested startTransaction', async () => {
    const config = new Configurator({ settings: { 'sql.url': 'sqlite::memory:' } });
    config.include(sql);
    config.addRoute('nested', '/nested');
    config.addView(
      async (request: Request) => {
        try {
          request.db.startTransaction();
          return { refused: false };
        } catch (error) {
          return { refused: (error as ZigguratError).code };
        }
      },
      { routeName: 'nested', renderer: 'json' },
    );
    const app = await config.makeApp();
    try {
      assert.deepEqual((await call(app, '/nested')).json, { refused: 'ZIG_ERR_SQL_TRANSACTION' });
    } finally {
      await app.close();
    }
  });
});
