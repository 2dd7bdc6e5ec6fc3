// Migrations: migrate() and the `ziggurat migrate` command, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import * as sql from '../../../addons/sql/index.js';
import { getDatabase, migrate, migrateCommand } from '../../../addons/sql/index.js';
import { type CliIO, Configurator, type LoadedApp, type ZigguratError } from '../../../lib/index.js';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from './databases.js';

const MIGRATIONS: Record<string, string> = {
  '001_pages.mjs': `
export async function up(db) { await db.schema.createTable('pages').addColumn('name', 'text', (c) => c.primaryKey()).execute(); }
export async function down(db) { await db.schema.dropTable('pages').execute(); }`,
  '002_body.mjs': `
export async function up(db) { await db.schema.alterTable('pages').addColumn('body', 'text').execute(); }
export async function down(db) { await db.schema.alterTable('pages').dropColumn('body').execute(); }`,
};

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ziggurat-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A CliIO writing into strings. */
function bufferIO() {
  const out = { stdout: '', stderr: '' };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk) => void (out.stdout += String(chunk)));
  stderr.on('data', (chunk) => void (out.stderr += String(chunk)));
  const io: CliIO = { stdout, stderr, cwd: process.cwd(), env: process.env };
  return { io, out };
}

async function loadApp(database: TestDatabase, folder: string | null): Promise<LoadedApp> {
  const settings = { 'sql.url': database.url, ...(folder === null ? {} : { 'sql.migrations': folder }) };
  const config = new Configurator({ settings });
  config.include(sql);
  const app = await config.makeApp();
  return { settings, registry: config.registry, app, close: () => app.close() };
}

async function tables(loaded: LoadedApp): Promise<string[]> {
  const found = await getDatabase(loaded.registry).introspection.getTables();
  return found
    .map((table) => `${table.name}(${table.columns.map((column) => column.name).join(',')})`)
    .sort();
}

for (const [label, makeDatabase] of [
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
] as const) {
  describe(`SQL add-on migrations (${label})`, () => {
    let database: TestDatabase;
    let folder: string;
    let loaded: LoadedApp;

    before(async () => {
      database = await makeDatabase();
      folder = folderWith(MIGRATIONS);
      loaded = await loadApp(database, folder);
    });
    after(async () => {
      await loaded?.close();
      await database?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('walks status, latest, down, up and status through the migrate command', async () => {
      const run = async (...args: string[]) => {
        const { io, out } = bufferIO();
        const code = await migrateCommand.run(args, io, loaded);
        return { code, ...out };
      };
      assert.deepEqual(await run('status'), { code: 0, stdout: '[ ] 001_pages\n[ ] 002_body\n', stderr: '' });
      const latest = await run();
      assert.deepEqual(latest, {
        code: 0,
        stdout: 'migrated up: 001_pages\nmigrated up: 002_body\n',
        stderr: '',
      });
      assert.deepEqual(await tables(loaded), ['pages(name,body)']);
      assert.equal((await run('latest')).stdout, 'already up to date\n');
      assert.equal((await run('down')).stdout, 'migrated down: 002_body\n');
      assert.deepEqual(await tables(loaded), ['pages(name)']);
      assert.deepEqual(await run('status'), { code: 0, stdout: '[x] 001_pages\n[ ] 002_body\n', stderr: '' });
      assert.equal((await run('up')).stdout, 'migrated up: 002_body\n');
      assert.deepEqual(await tables(loaded), ['pages(name,body)']);
    });

    it('returns what it did from migrate(), and works on a bare Kysely with a folder', async () => {
      const db = getDatabase(loaded.registry);
      const report = await migrate(db, 'status', { folder });
      assert.deepEqual(
        report.migrations.map((info) => [info.name, info.executedAt instanceof Date]),
        [
          ['001_pages', true],
          ['002_body', true],
        ],
      );
      assert.deepEqual(report.results, []);
      const down = await migrate(loaded.registry, 'down');
      assert.deepEqual(
        down.results.map((result) => [result.migrationName, result.direction, result.status]),
        [['002_body', 'Down', 'Success']],
      );
      await migrate(loaded.registry, 'latest');
    });
  });
}

describe('SQL add-on migrations: failures', () => {
  let database: TestDatabase;
  const folders: string[] = [];

  before(async () => {
    database = await sqliteDatabase();
  });
  after(async () => {
    await database?.drop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('exits 1 and names the failing migration and its error', async () => {
    const folder = folderWith({
      ...MIGRATIONS,
      '003_broken.mjs': "export async function up() { throw new Error('no such thing'); }",
    });
    folders.push(folder);
    const loaded = await loadApp(database, folder);
    try {
      const { io, out } = bufferIO();
      assert.equal(await migrateCommand.run(['latest'], io, loaded), 1);
      assert.match(out.stdout, /migrated up: 002_body\nfailed up: 003_broken\n/);
      assert.match(out.stderr, /Migrating latest failed: no such thing/);
      await assert.rejects(migrate(loaded.registry, 'up'), (error: ZigguratError) => {
        assert.equal(error.code, 'ZIG_ERR_SQL_MIGRATION');
        return true;
      });
    } finally {
      await loaded.close();
    }
  });

  it('exits 1 without a migrations folder, and 2 on a usage error', async () => {
    const loaded = await loadApp(database, null);
    try {
      const missing = bufferIO();
      assert.equal(await migrateCommand.run([], missing.io, loaded), 1);
      assert.match(missing.out.stderr, /No migrations folder: set 'sql.migrations'/);
      const usage = bufferIO();
      assert.equal(await migrateCommand.run(['sideways'], usage.io, loaded), 2);
      assert.match(
        usage.out.stderr,
        /usage: ziggurat migrate \[settings-file\] \[latest\|up\|down\|status\]/,
      );
      const help = bufferIO();
      assert.equal(await migrateCommand.run(['--help'], help.io, loaded), 0);
      assert.match(help.out.stdout, /^usage: ziggurat migrate/);
    } finally {
      await loaded.close();
    }
  });

  it('reports a migrations folder that does not exist', async () => {
    const loaded = await loadApp(database, join(tmpdir(), 'ziggurat-no-such-folder'));
    try {
      await assert.rejects(migrate(loaded.registry, 'latest'), /The migrations folder .* does not exist/);
    } finally {
      await loaded.close();
    }
  });
});
