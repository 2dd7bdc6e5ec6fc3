// `ziggurat migrate` (the SQL add-on's command) through the dispatcher: the settings file anywhere, and
// database errors with their code and the line of the settings file that names the database.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cli, ROOT, settingsDir } from './helpers.js';

const APP = `import { Configurator } from '${ROOT}build/lib/index.js';
import sql from '${ROOT}build/addons/sql/index.js';

export function main(settings) {
  const config = new Configurator({ settings });
  config.include(sql);
  return config;
}
`;

const MIGRATION = `export async function up(db) {
  await db.schema.createTable('notes').addColumn('id', 'integer').execute();
}
`;

const dirs: string[] = [];

/** An app including the SQL add-on, with `url` as its sql.url on line 5 of development.ini (none: no line). */
function sqlApp(url: string | null): string {
  const url_line = url === null ? '; no sql.url' : `sql.url = ${url}`;
  const { dir } = settingsDir(
    `[app]\nuse = ./app.js\nsql.migrations = %(here)s/migrations\n; the database\n${url_line}\n`,
  );
  dirs.push(dir);
  writeFileSync(join(dir, 'app.js'), APP);
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001-notes.js'), MIGRATION);
  return dir;
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe('ziggurat migrate', () => {
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('takes the settings file after the direction', async () => {
    const dir = sqlApp('sqlite:%(here)s/app.sqlite');
    const { dir: elsewhere } = settingsDir('[app]\nuse = ./nowhere.js\n');
    dirs.push(elsewhere);
    const file = join(dir, 'development.ini');
    const status = await cli(['migrate', 'status', file], { cwd: elsewhere });
    assert.equal(status.code, 0, status.stderr);
    assert.equal(status.stdout, '[ ] 0001-notes\n');
    const latest = await cli(['migrate', file, 'latest'], { cwd: elsewhere });
    assert.equal(latest.code, 0, latest.stderr);
    assert.equal(latest.stdout, 'migrated up: 0001-notes\n');
  });

  it('names the settings line of a sql.url it does not support, not a line of the framework', async () => {
    const dir = sqlApp('mysql://db/app');
    const result = await cli(['migrate', 'status'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^ziggurat migrate: ZIG_ERR_SQL_URL: The setting 'sql\.url' names an unsupported database 'mysql'.* \(check sql\.url, set at \S*development\.ini:5 or by the environment variable SQL_URL\) at \S*app\.js:6\n$/,
    );
    assert.doesNotMatch(result.stderr, /addons\/sql/);
    const missing = await cli(['migrate'], { cwd: sqlApp(null) });
    assert.match(
      missing.stderr,
      /^ziggurat migrate: ZIG_ERR_SQL_URL: The SQL add-on needs the setting 'sql\.url'.* \(the \[app\] section of \S*development\.ini does not set sql\.url\)/,
    );
  });

  it('says which database cannot be reached, without its password, and which setting names it', async () => {
    const port = await closedPort();
    const result = await cli(['migrate'], { cwd: sqlApp(`postgres://app:secret@127.0.0.1:${port}/app`) });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `^ziggurat migrate: ZIG_ERR_SQL_UNAVAILABLE: Cannot connect to the SQL database: .*ECONNREFUSED.* \\(postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/app; check sql\\.url, set at \\S*development\\.ini:5 or by the environment variable SQL_URL\\)\\n$`,
      ),
    );
    assert.doesNotMatch(result.stderr, /secret/);
  });

  it('says so with a code when a SQLite file cannot be opened', async () => {
    const result = await cli(['migrate', 'status'], {
      cwd: sqlApp('sqlite:/nonexistent-ziggurat-dir/app.sqlite'),
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^ziggurat migrate: ZIG_ERR_SQL_UNAVAILABLE: Cannot open the SQL database: .* \(sqlite:\/nonexistent-ziggurat-dir\/app\.sqlite; check sql\.url, set at \S*development\.ini:5 or by the environment variable SQL_URL\)\n$/,
    );
  });

  it('answers an unknown option in one line, then the usage, exit 2', async () => {
    const result = await cli(['migrate', '--frob'], { cwd: sqlApp('sqlite::memory:') });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^ziggurat migrate: unknown option '--frob'\nusage: ziggurat migrate /);
  });
});
