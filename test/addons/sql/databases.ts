// Test databases: a SQLite file in a temp dir, and a uniquely named PostgreSQL database dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A throwaway database: its `sql.url` and how to remove it. */
export interface TestDatabase {
  readonly url: string;
  readonly dialect: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

const SERVER = 'postgres://postgres@127.0.0.1:5432';

/** A SQLite file in a fresh temp dir. */
export async function sqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'ziggurat-sql-'));
  return {
    url: `sqlite:${join(dir, 'test.db')}`,
    dialect: 'sqlite',
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Run `fn` with a client on the server's `postgres` database. */
export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const client = new pg.Client({ connectionString: `${SERVER}/${database}`, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL must run on 127.0.0.1:5432 (user postgres, trust authentication) for the SQL add-on's tests: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A new, uniquely named database on the local PostgreSQL server. */
export async function postgresDatabase(): Promise<TestDatabase> {
  const name = `ziggurat_test_${process.pid}_${Date.now()}_${++counter}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: `${SERVER}/${name}`,
    dialect: 'postgres',
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

/** The number of connections the server holds open to the test database (pg only). */
export async function connectionsTo(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  return withAdmin(async (client) => {
    const result = await client.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    return (result.rows[0] as { n: number }).n;
  });
}

/** Terminate the backends of `name` (and only those), and wait until they are gone. */
export async function terminateBackends(name: string): Promise<number> {
  return withAdmin(async (client) => {
    const killed = await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    for (let tries = 0; tries < 200; tries++) {
      const left = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
        name,
      ]);
      if ((left.rows[0] as { n: number }).n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return killed.rowCount ?? 0;
  });
}

/** Wait (bounded) until `check` holds. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A promise with its resolve function, to hold a view at a known point. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
