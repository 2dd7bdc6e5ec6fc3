// The SQL add-on on a real PostgreSQL server (127.0.0.1:5432): the shared suite, isolation and retries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql as raw } from 'kysely';
import * as sql from '../../../addons/sql/index.js';
import { getDatabase } from '../../../addons/sql/index.js';
import { Configurator, type Request, type Settings } from '../../../lib/index.js';
import { call } from '../../helpers.js';
import { connectionsTo, gate, postgresDatabase, type TestDatabase, withAdmin } from './databases.js';
import { countNotes, notesApp, transactionSuite } from './transactions.case.js';

declare module '../../../addons/sql/index.js' {
  interface Database {
    counters: { id: number; n: number };
  }
}

transactionSuite('PostgreSQL', postgresDatabase);

/** Lets the first `parties` arrivals wait for each other; later arrivals (retries) pass at once. */
function barrier(parties: number): () => Promise<void> {
  const all = gate();
  let arrived = 0;
  return () => {
    arrived += 1;
    if (arrived === parties) all.open();
    return all.promise;
  };
}

/** An app whose views race on the counters table; `attempts` counts every run of a view. */
async function racingApp(database: TestDatabase, settings: Settings) {
  const state = { attempts: 0, meet: barrier(2) };
  const config = new Configurator({ settings: { 'sql.url': database.url, ...settings } });
  config.include(sql);
  config.addRoute('bump', '/bump');
  config.addRoute('cross', '/cross/{first}/{second}');
  config.addView(
    async (request: Request) => {
      state.attempts += 1;
      const row = await request.db
        .selectFrom('counters')
        .select('n')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      await state.meet();
      await request.db
        .updateTable('counters')
        .set({ n: row.n + 1 })
        .where('id', '=', 1)
        .execute();
      return { n: row.n + 1 };
    },
    { routeName: 'bump', requestMethod: 'POST', renderer: 'json' },
  );
  config.addView(
    async (request: Request) => {
      state.attempts += 1;
      const bump = (id: number) =>
        request.db
          .updateTable('counters')
          .set((eb) => ({ n: eb('n', '+', 1) }))
          .where('id', '=', id)
          .execute();
      await bump(Number(request.matchdict.first));
      await state.meet();
      await bump(Number(request.matchdict.second));
      return { ok: true };
    },
    { routeName: 'cross', requestMethod: 'POST', renderer: 'json' },
  );
  const app = await config.makeApp();
  const db = getDatabase(config.registry);
  await db.deleteFrom('counters').execute();
  await db
    .insertInto('counters')
    .values([
      { id: 1, n: 0 },
      { id: 2, n: 0 },
    ])
    .execute();
  const counts = async () =>
    (await db.selectFrom('counters').select(['id', 'n']).orderBy('id').execute()).map((row) => row.n);
  return { app, state, counts };
}

describe('SQL add-on on PostgreSQL: connections, isolation and retries', () => {
  let database: TestDatabase;

  before(async () => {
    database = await postgresDatabase();
    const name = new URL(database.url).pathname.slice(1);
    // Deadlocks are found after deadlock_timeout (1s by default): keep the deadlock test quick.
    await withAdmin((client) => client.query(`ALTER DATABASE ${name} SET deadlock_timeout = '50ms'`));
    await withAdmin(
      (client) => client.query('CREATE TABLE counters (id integer PRIMARY KEY, n integer NOT NULL)'),
      name,
    );
  });
  after(async () => {
    await database?.drop();
  });

  it('opens no connection until a request queries, and closes the pool when the app closes', async () => {
    const { app } = await notesApp(database);
    try {
      const before = await connectionsTo(database.url);
      for (let i = 0; i < 3; i++) assert.equal((await call(app, '/plain')).status, 200);
      assert.equal(await connectionsTo(database.url), before, 'untouched requests opened connections');
      assert.equal((await call(app, { method: 'POST', url: '/notes' })).status, 200);
      assert.ok((await connectionsTo(database.url)) > 0);
    } finally {
      await app.close();
    }
    assert.equal(await connectionsTo(database.url), 0, 'the pool is closed with the app');
  });

  it("keeps concurrent requests apart: one does not see the other's uncommitted writes", async () => {
    const inserted = gate();
    const release = gate();
    const { app, db } = await notesApp(database, {
      hooks: {
        afterInsert: async () => {
          inserted.open();
          await release.promise;
        },
      },
    });
    try {
      await db.deleteFrom('notes').execute();
      const writer = call(app, { method: 'POST', url: '/notes' });
      await inserted.promise;
      assert.deepEqual((await call(app, '/notes')).json, { count: 0 });
      release.open();
      assert.equal((await writer).status, 200);
      assert.deepEqual((await call(app, '/notes')).json, { count: 1 });
      assert.equal(await countNotes(db), 1);
    } finally {
      await app.close();
    }
  });

  it('runs the loser of a serialization conflict again in a fresh transaction, and it succeeds', async () => {
    const { app, state, counts } = await racingApp(database, { 'sql.isolationLevel': 'serializable' });
    try {
      const answers = await Promise.all([
        call(app, { method: 'POST', url: '/bump' }),
        call(app, { method: 'POST', url: '/bump' }),
      ]);
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [200, 200],
      );
      assert.deepEqual(answers.map((answer) => answer.json.n).sort(), [1, 2]);
      assert.deepEqual(await counts(), [2, 0]);
      assert.equal(state.attempts, 3, 'one request ran twice');
    } finally {
      await app.close();
    }
  });

  it('answers 500 once the retries are used up, and keeps only the winner', async () => {
    const { app, state, counts } = await racingApp(database, {
      'sql.isolationLevel': 'serializable',
      'sql.retries': '0',
    });
    try {
      const answers = await Promise.all([
        call(app, { method: 'POST', url: '/bump' }),
        call(app, { method: 'POST', url: '/bump' }),
      ]);
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 500]);
      assert.deepEqual(await counts(), [1, 0]);
      assert.equal(state.attempts, 2);
    } finally {
      await app.close();
    }
  });

  it('runs the victim of a deadlock again (at the default isolation level)', async () => {
    const { app, state, counts } = await racingApp(database, {});
    try {
      const answers = await Promise.all([
        call(app, { method: 'POST', url: '/cross/1/2' }),
        call(app, { method: 'POST', url: '/cross/2/1' }),
      ]);
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [200, 200],
      );
      assert.deepEqual(await counts(), [2, 2]);
      assert.equal(state.attempts, 3);
    } finally {
      await app.close();
    }
  });

  it('sets the configured isolation level on request transactions', async () => {
    const config = new Configurator({
      settings: { 'sql.url': database.url, 'sql.isolationLevel': 'repeatable read' },
    });
    config.include(sql);
    config.addRoute('level', '/level');
    config.addView(
      async (request: Request) => {
        const result = await raw<{
          level: string;
        }>`SELECT current_setting('transaction_isolation') AS level`.execute(request.db);
        return { level: result.rows[0]?.level };
      },
      { routeName: 'level', renderer: 'json' },
    );
    const app = await config.makeApp();
    try {
      assert.deepEqual((await call(app, '/level')).json, { level: 'repeatable read' });
    } finally {
      await app.close();
    }
  });
});
