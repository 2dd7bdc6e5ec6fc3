// Tests of initdb: initializeDatabase on a test configuration, and the real `ziggurat initdb` command.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { getDatabase, migrate } from 'ziggurat/addons/sql';
import { initializeDatabase } from '../src/initdb.js';
import { Notes, WELCOME_NOTES } from '../src/models/notes.js';
import { closeDatabase, sqlTestConfig } from './sql-config.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

function output() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('initializeDatabase', () => {
  it('migrates and seeds an empty database, then changes nothing', async () => {
    const config = await sqlTestConfig();
    try {
      const out = output();
      assert.deepEqual(await initializeDatabase(config.registry, out.stream), { migrated: 1, seeded: 2 });
      assert.match(out.text(), /migrated up: 0001-notes/);
      assert.match(out.text(), /seeded 2 notes/);
      const notes = await new Notes(getDatabase(config.registry)).list();
      assert.deepEqual(
        notes.map((note) => note.text),
        WELCOME_NOTES,
      );
      assert.deepEqual(await initializeDatabase(config.registry), { migrated: 0, seeded: 0 });
      const { migrations } = await migrate(config.registry, 'status');
      assert.ok(migrations.every((migration) => migration.executedAt !== null));
    } finally {
      await closeDatabase(config);
    }
  });
});

describe('ziggurat initdb', () => {
  const temp = mkdtempSync(join(tmpdir(), 'app-initdb-'));
  const settings = join(temp, 'test.ini');
  writeFileSync(
    settings,
    `[app]\nuse = ${fileURLToPath(new URL('../src/app.js', import.meta.url))}\nsql.url = sqlite:%(here)s/var/app.sqlite\n\n[logging]\nlevel = silent\n`,
  );
  after(() => rmSync(temp, { recursive: true, force: true }));

  /** Run the real command line, as `npm run initdb` does. */
  async function initdb(...args: string[]) {
    const bin = join(dirname(require.resolve('ziggurat/package.json')), 'bin', 'ziggurat.js');
    return run(process.execPath, [bin, 'initdb', settings, ...args], { cwd: temp }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  }

  it('makes the database folder, migrates, seeds, and then has nothing to do', async () => {
    const first = await initdb();
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /migrated up: 0001-notes/);
    assert.match(first.stdout, /seeded 2 notes/);
    assert.ok(existsSync(join(temp, 'var', 'app.sqlite')));
    const second = await initdb();
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /nothing seeded/);
  });

  it('refuses an unexpected argument with exit status 2', async () => {
    const result = await initdb('now');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unexpected argument 'now'/);
  });
});
