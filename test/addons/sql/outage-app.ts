// The app `ziggurat serve` runs in the outage tests: views that read, and views that hold a transaction open.
import { sql as raw } from 'kysely';
import * as sql from '../../../addons/sql/index.js';
import { Configurator, type Request, type Settings } from '../../../lib/index.js';

async function count(request: Request): Promise<number | undefined> {
  const result = await raw<{ n: number }>`SELECT count(*)::int AS n FROM items`.execute(request.db);
  return result.rows[0]?.n;
}

export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings });
  config.include(sql);
  config.addRoute('count', '/count');
  config.addRoute('hold', '/hold');
  config.addRoute('plain', '/plain');
  config.addView(async (request: Request) => ({ count: await count(request) }), {
    routeName: 'count',
    renderer: 'json',
  });
  // Writes, then keeps the connection checked out (idle in the transaction) for a while, then reads.
  config.addView(
    async (request: Request) => {
      await raw`INSERT INTO items DEFAULT VALUES`.execute(request.db);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { count: await count(request) };
    },
    { routeName: 'hold', requestMethod: 'POST', renderer: 'json' },
  );
  config.addView(() => ({ plain: true }), { routeName: 'plain', renderer: 'json' });
  return config;
}
