// Settings files: sections, strings, %(here)s, environment overrides and clear errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envNameOf, loadSettings, type ZigguratError } from '../../lib/index.js';
import { settingsDir } from '../cli/helpers.js';

const BODY = `[app]
use = ./dist/app.js          ; the app module
ziggurat.includes =
handlebars.reload = true
sql.url = sqlite:%(here)s/app.db
handlebars.directories = %(here)s/templates
[server]
host = 0.0.0.0
port = 8080
workers = 3
[logging]
level = debug
pretty = true
`;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as ZigguratError).code;
  }
  return 'no error';
}

describe('loadSettings', () => {
  it('reads [app] as strings with here, resolves use, and reads [server] and [logging]', () => {
    const { dir, file } = settingsDir(BODY);
    const settings = loadSettings(file, {});
    assert.equal(settings.file, file);
    assert.equal(settings.use, `${dir}/dist/app.js`);
    assert.deepEqual(settings.app, {
      'ziggurat.includes': '',
      'handlebars.reload': 'true',
      'sql.url': `sqlite:${dir}/app.db`,
      'handlebars.directories': `${dir}/templates`,
      here: dir,
    });
    assert.deepEqual(settings.server, { host: '0.0.0.0', port: 8080, workers: 3 });
    assert.deepEqual(settings.logging, { level: 'debug', pretty: true });
  });

  it('lets the environment override declared keys by their upper-snake names, and HOST/PORT/WORKERS', () => {
    const { file } = settingsDir(BODY);
    const env = {
      SQL_URL: 'postgres://db/app',
      HANDLEBARS_RELOAD: 'false',
      HOST: '127.0.0.1',
      PORT: '9000',
      WORKERS: '',
      LOG_LEVEL: 'error',
      UNDECLARED: 'x',
      USE: './other.js',
    };
    const settings = loadSettings(file, env);
    assert.equal(settings.app['sql.url'], 'postgres://db/app');
    assert.equal(settings.app['handlebars.reload'], 'false');
    assert.equal(settings.app.undeclared, undefined);
    assert.ok(settings.use.endsWith('/dist/app.js'), 'use is not overridden');
    assert.deepEqual(
      settings.server,
      { host: '127.0.0.1', port: 9000, workers: 3 },
      'an empty variable is unset',
    );
    assert.equal(settings.logging.level, 'error');
  });

  it('names environment variables in upper snake case', () => {
    assert.equal(envNameOf('sql.url'), 'SQL_URL');
    assert.equal(envNameOf('ziggurat.debugAuthorization'), 'ZIGGURAT_DEBUG_AUTHORIZATION');
    assert.equal(envNameOf('session.secret-key'), 'SESSION_SECRET_KEY');
  });

  it('defaults the server to 127.0.0.1:6543 with one worker and logging to info', () => {
    const { file } = settingsDir('[app]\nuse = app.js\n');
    const settings = loadSettings(file, {});
    assert.deepEqual(settings.server, { host: '127.0.0.1', port: 6543, workers: 1 });
    assert.deepEqual(settings.logging, { level: 'info', pretty: false });
  });

  it('fails with stable codes on a missing file, no [app], no use, a bad port, workers, level or %(name)s', () => {
    assert.equal(
      codeOf(() => loadSettings('/nonexistent/development.ini')),
      'ZIG_ERR_SETTINGS_FILE',
    );
    assert.equal(
      codeOf(() => loadSettings(settingsDir('[server]\nport = 1\n').file)),
      'ZIG_ERR_SETTINGS_FILE',
    );
    assert.equal(
      codeOf(() => loadSettings(settingsDir('[app]\ngreeting = hi\n').file)),
      'ZIG_ERR_SETTINGS_USE',
    );
    assert.equal(
      codeOf(() => loadSettings(settingsDir('[app]\nuse = a.js\nx = %(nope)s\n').file)),
      'ZIG_ERR_SETTINGS_FILE',
    );
    for (const server of ['port = 70000', 'port = 80x', 'port = -1', 'workers = 0', 'host = a b']) {
      const { file } = settingsDir(`[app]\nuse = a.js\n[server]\n${server}\n`);
      assert.equal(
        codeOf(() => loadSettings(file, {})),
        'ZIG_ERR_SETTINGS_VALUE',
        server,
      );
    }
    const { file } = settingsDir('[app]\nuse = a.js\n');
    assert.equal(
      codeOf(() => loadSettings(file, { PORT: 'http' })),
      'ZIG_ERR_SETTINGS_VALUE',
    );
    assert.equal(
      codeOf(() => loadSettings(file, { LOG_LEVEL: 'loud' })),
      'ZIG_ERR_SETTINGS_VALUE',
    );
  });
});
