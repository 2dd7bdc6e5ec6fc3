// Settings files: sections, strings, %(here)s, environment overrides and clear errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envNameOf, loadSettings, SERVER_DEFAULTS, type ZigguratError } from '../../lib/index.js';
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
      __file__: file,
    });
    assert.deepEqual(settings.server, {
      ...SERVER_DEFAULTS,
      host: '0.0.0.0',
      port: 8080,
      workers: 3,
      trustProxy: false,
    });
    assert.deepEqual(settings.logging, { level: 'debug', pretty: true, levels: {} });
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
      { ...SERVER_DEFAULTS, host: '127.0.0.1', port: 9000, workers: 3, trustProxy: false },
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
    assert.deepEqual(settings.server, {
      host: '127.0.0.1',
      port: 6543,
      workers: 1,
      trustProxy: false,
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 72_000,
      bodyLimit: 1_048_576,
      shutdownDelay: 5_000,
      shutdownTimeout: 20_000,
    });
    assert.deepEqual(settings.logging, { level: 'info', pretty: false, levels: {} });
  });

  it('reads trust_proxy, the timeouts (seconds), body_limit and the shutdown from [server]', () => {
    const { file } = settingsDir(`[app]
use = a.js
[server]
trust_proxy = 10.0.0.0/8, 192.168.1.7 ,::1, loopback
request_timeout = 2.5
headers_timeout = 0.5
keep_alive_timeout = 5
body_limit = 64kb
shutdown_delay = 0
shutdown_timeout = 3
`);
    const server = loadSettings(file, {}).server;
    assert.deepEqual(server.trustProxy, ['10.0.0.0/8', '192.168.1.7', '::1', 'loopback']);
    assert.equal(server.requestTimeout, 2500);
    assert.equal(server.headersTimeout, 500);
    assert.equal(server.keepAliveTimeout, 5000);
    assert.equal(server.bodyLimit, 65536);
    assert.equal(server.shutdownDelay, 0);
    assert.equal(server.shutdownTimeout, 3000);
    for (const [text, expected] of [
      ['true', true],
      ['yes', true],
      ['false', false],
      ['off', false],
      ['', false],
    ] as const) {
      const dir = settingsDir(`[app]\nuse = a.js\n[server]\ntrust_proxy = ${text}\n`);
      assert.equal(loadSettings(dir.file, {}).server.trustProxy, expected, text);
    }
  });

  it('lets the environment override every [server] key by its upper-case name (TRUST_PROXY...)', () => {
    const { file } = settingsDir('[app]\nuse = a.js\n[server]\ntrust_proxy = false\nbody_limit = 10\n');
    const server = loadSettings(file, {
      TRUST_PROXY: '127.0.0.1',
      REQUEST_TIMEOUT: '0',
      HEADERS_TIMEOUT: '4',
      KEEP_ALIVE_TIMEOUT: '7',
      BODY_LIMIT: '2mb',
      SHUTDOWN_DELAY: '1',
      SHUTDOWN_TIMEOUT: '9',
    }).server;
    assert.deepEqual(server.trustProxy, ['127.0.0.1']);
    assert.equal(server.requestTimeout, 0, 'request_timeout = 0: no limit');
    assert.equal(server.headersTimeout, 4000);
    assert.equal(server.keepAliveTimeout, 7000);
    assert.equal(server.bodyLimit, 2 * 1024 * 1024);
    assert.equal(server.shutdownDelay, 1000);
    assert.equal(server.shutdownTimeout, 9000);
  });

  it('refuses bad [server] values and unknown keys with ZIG_ERR_SETTINGS_VALUE, naming the key', () => {
    const bad = {
      'trust_proxy = 2': /hop count cannot check/,
      'trust_proxy = 10.0.0.0/33': /'10\.0\.0\.0\/33' is not an IP address/,
      'trust_proxy = 127.0.0.1, proxy.example': /'proxy\.example' is not/,
      'request_timeout = -1': /request_timeout must be a number of seconds/,
      'request_timeout = soon': /request_timeout/,
      'headers_timeout = 0': /headers_timeout must be a number of seconds above 0/,
      'request_timeout = 5\nheaders_timeout = 6': /headers_timeout must not be longer than request_timeout/,
      'keep_alive_timeout = 0': /keep_alive_timeout/,
      'body_limit = 0': /body_limit must be a size above 0/,
      'body_limit = 1tb': /body_limit/,
      'shutdown_delay = -2': /shutdown_delay/,
      'shutdown_timeout = 0': /shutdown_timeout/,
      'request_timout = 5':
        /has no setting 'request_timout' \(did you mean 'request_timeout'\? known: host, port, workers, trust_proxy/,
      'prot = 6606': /has no setting 'prot' \(did you mean 'port'\? known: /,
      'zzz = 1': /has no setting 'zzz' \(known: host/,
    };
    for (const [line, message] of Object.entries(bad)) {
      const { file } = settingsDir(`[app]\nuse = a.js\n[server]\n${line}\n`);
      assert.throws(
        () => loadSettings(file, {}),
        (error: ZigguratError) => error.code === 'ZIG_ERR_SETTINGS_VALUE' && message.test(error.message),
        line,
      );
    }
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
