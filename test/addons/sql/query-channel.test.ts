// The SQL add-on's query channel: each query of request.db reported with its request, parameters, time and EXPLAIN.
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import sqlAddon, { type QueryMessage, SQL_QUERY_CHANNEL } from '../../../addons/sql/index.js';
import { Configurator, type Request } from '../../../lib/index.js';

async function sqliteApp() {
  const dir = mkdtempSync(join(tmpdir(), 'zig-sql-channel-'));
  const config = new Configurator({ settings: { 'sql.url': `sqlite:${join(dir, 'test.db')}` } });
  config.include(sqlAddon);
  config.addRoute('sum', '/sum');
  config.addView(
    async (request: Request) => {
      await sql`create table if not exists notes (body text)`.execute(request.db);
      const { rows } = await sql<{ sum: number }>`select ${2} + ${3} as sum`.execute(request.db);
      return rows[0];
    },
    { routeName: 'sum', renderer: 'json' },
  );
  return config.makeApp();
}

describe('the SQL add-on query channel', () => {
  it('reports each query of request.db, with an explain() for SELECTs only', async () => {
    const heard: QueryMessage[] = [];
    const listener = (message: unknown) => heard.push(message as QueryMessage);
    diagnostics.subscribe(SQL_QUERY_CHANNEL, listener);
    const app = await sqliteApp();
    try {
      assert.deepEqual((await app.inject('/sum')).json(), { sum: 5 });
      assert.deepEqual(
        heard.map((message) => message.sql),
        ['create table if not exists notes (body text)', 'select ? + ? as sum'],
        'the queries, and not BEGIN or COMMIT',
      );
      const [create, select] = heard;
      assert.equal(select?.request.path, '/sum');
      assert.deepEqual(select?.parameters, [2, 3]);
      assert.ok((select?.durationMs ?? -1) >= 0);
      assert.equal(create?.explain, undefined);
      const plan = await select?.explain?.();
      assert.ok(Array.isArray(plan) && plan.length > 0);
    } finally {
      diagnostics.unsubscribe(SQL_QUERY_CHANNEL, listener);
      await app.close();
    }
  });
});
