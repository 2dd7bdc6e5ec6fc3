// The transaction behaviour every dialect shares, run by sqlite.test.ts and postgres.test.ts.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { type Kysely, sql as raw } from 'kysely';
import * as sql from '../../../addons/sql/index.js';
import { type Database, getDatabase } from '../../../addons/sql/index.js';
import { Configurator, type Request, type Settings, type ZigguratError } from '../../../lib/index.js';
import { call } from '../../helpers.js';
import { gate, type TestDatabase } from './databases.js';

declare module '../../../addons/sql/index.js' {
  interface Database {
    notes: { body: string };
    links: { id: number; parent: number | null };
  }
}

/** What a view raises to fail after writing. */
export class Boom extends Error {}

/** Test hooks the views call, so that a test can hold a request at a known point. */
export interface Hooks {
  afterInsert?: (request: Request) => Promise<void>;
}

/** The number of notes, seen by `db`. */
export async function countNotes(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('notes').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function createSchema(db: Kysely<Database>): Promise<void> {
  await db.schema.createTable('notes').ifNotExists().addColumn('body', 'text').execute();
  await raw`CREATE TABLE IF NOT EXISTS links (id integer PRIMARY KEY, parent integer REFERENCES links(id) DEFERRABLE INITIALLY DEFERRED)`.execute(
    db,
  );
}

function addViews(config: Configurator, hooks: Hooks): void {
  config.addRoute('notes', '/notes');
  config.addRoute('plain', '/plain');
  config.addRoute('orphan', '/orphan');
  config.addView(
    async (request: Request) => {
      await request.db
        .insertInto('notes')
        .values({ body: String(request.query.body ?? 'note') })
        .execute();
      await hooks.afterInsert?.(request);
      const outcome = request.query.outcome;
      if (outcome === 'throw') throw new Boom('the view failed after writing');
      if (outcome === 'status') request.response.status = 422;
      if (outcome === 'abort') request.response.headers.set('X-Tm', 'abort');
      return { saved: true };
    },
    { routeName: 'notes', requestMethod: 'POST', renderer: 'json' },
  );
  config.addView(async (request: Request) => ({ count: await countNotes(request.db) }), {
    routeName: 'notes',
    requestMethod: 'GET',
    renderer: 'json',
  });
  config.addView(() => ({ plain: true }), { routeName: 'plain', renderer: 'json' });
  config.addView(
    async (request: Request) => {
      await request.db.insertInto('links').values({ id: 1, parent: 99 }).execute();
      return { saved: true };
    },
    { routeName: 'orphan', renderer: 'json' },
  );
  config.addExceptionView(
    async (request: Request) => {
      request.response.status = 500;
      return { error: (request.exception as Error).message, count: await countNotes(request.db) };
    },
    { context: Boom, renderer: 'json' },
  );
}

/** Build the test app on `database`, with its schema. */
export async function notesApp(
  database: TestDatabase,
  options: { hooks?: Hooks; settings?: Settings; configure?: (config: Configurator) => void } = {},
) {
  const config = new Configurator({ settings: { 'sql.url': database.url, ...options.settings } });
  config.include(sql);
  addViews(config, options.hooks ?? {});
  options.configure?.(config);
  const app = await config.makeApp();
  const db = getDatabase(config.registry);
  await createSchema(db);
  return { app, config, db };
}

const post = (url: string) => ({ method: 'POST' as const, url });

/** The shared suite: per-request transactions on one dialect. */
export function transactionSuite(label: string, makeDatabase: () => Promise<TestDatabase>): void {
  describe(`SQL add-on transactions (${label})`, () => {
    let database: TestDatabase;
    let built: Awaited<ReturnType<typeof notesApp>>;
    const hooks: Hooks = {};

    before(async () => {
      database = await makeDatabase();
      built = await notesApp(database, { hooks, settings: { 'sql.poolSize': 1 } });
    });
    afterEach(async () => {
      delete hooks.afterInsert;
      await built.db.deleteFrom('notes').execute();
    });
    after(async () => {
      await built?.app.close();
      await database?.drop();
    });

    it('commits the transaction when the response is a success', async () => {
      const created = await call(built.app, post('/notes?body=kept'));
      assert.equal(created.status, 200);
      assert.deepEqual((await call(built.app, '/notes')).json, { count: 1 });
      const rows = await built.db.selectFrom('notes').select('body').execute();
      assert.deepEqual(rows, [{ body: 'kept' }]);
    });

    it('rolls back on an exception, and the exception view sees the rolled-back state', async () => {
      const failed = await call(built.app, post('/notes?outcome=throw'));
      assert.equal(failed.status, 500);
      assert.deepEqual(failed.json, { error: 'the view failed after writing', count: 0 });
      assert.equal(await countNotes(built.db), 0);
    });

    it('rolls back when the response has an error status', async () => {
      const refused = await call(built.app, post('/notes?outcome=status'));
      assert.equal(refused.status, 422);
      assert.equal(await countNotes(built.db), 0);
    });

    it('rolls back a success when the response says X-Tm: abort', async () => {
      assert.equal((await call(built.app, post('/notes?outcome=abort'))).status, 200);
      assert.equal(await countNotes(built.db), 0);
    });

    it('answers 500, not 200, when the commit itself fails, and keeps nothing', async () => {
      const orphan = await call(built.app, '/orphan');
      assert.equal(orphan.status, 500);
      const links = await built.db.selectFrom('links').selectAll().execute();
      assert.deepEqual(links, []);
      assert.equal((await call(built.app, post('/notes'))).status, 200, 'the connection is usable again');
    });

    it('takes no connection for a request that never touches request.db', async () => {
      const holding = gate();
      const release = gate();
      hooks.afterInsert = async () => {
        holding.open();
        await release.promise;
      };
      // The pool has one connection (SQLite has only one): the pending POST holds it.
      const pending = call(built.app, post('/notes'));
      await holding.promise;
      const plain = await call(built.app, '/plain');
      assert.deepEqual(plain.json, { plain: true });
      release.open();
      assert.equal((await pending).status, 200);
    });

    it('refuses request.db once the request is over, with a clear error', async () => {
      let kept: Request | null = null;
      hooks.afterInsert = async (request) => {
        kept = request;
      };
      await call(built.app, post('/notes'));
      assert.ok(kept !== null);
      await assert.rejects(countNotes((kept as Request).db), (error: ZigguratError) => {
        assert.equal(error.code, 'ZIG_ERR_SQL_TRANSACTION');
        return true;
      });
    });

    it('lets setTransactionRule decide: here, commit even on an error status', async () => {
      const lenient = await notesApp(database, {
        configure: (config) => config.setTransactionRule((_request, response) => response.status < 500),
      });
      try {
        assert.equal((await call(lenient.app, post('/notes?outcome=status'))).status, 422);
        assert.equal(await countNotes(built.db), 1);
        assert.equal((await call(lenient.app, post('/notes?outcome=throw'))).status, 500);
        assert.equal(await countNotes(built.db), 1);
      } finally {
        await lenient.app.close();
      }
    });

    it('closes the database when the app closes', async () => {
      const other = await notesApp(database);
      assert.equal(await countNotes(other.db), 0);
      await other.app.close();
      await assert.rejects(countNotes(other.db));
    });
  });
}
