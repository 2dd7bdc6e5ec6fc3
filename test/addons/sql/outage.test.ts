// Fault tests: `ziggurat serve` on PostgreSQL whose connections are killed (idle, under load) or whose database is dropped.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CliProcess, ROOT, settingsDir } from '../../cli/helpers.js';
import { postgresDatabase, type TestDatabase, terminateBackends, withAdmin } from './databases.js';

const RETRY_AFTER = '7';
const RECOVERED = 'The SQL database is reachable again';

/** One request to the served app; a failed connection (the server died) is status 0, never a throw. */
async function request(url: string, method = 'GET') {
  try {
    const response = await fetch(url, { method, signal: AbortSignal.timeout(10_000) });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.text(),
    };
  } catch (error) {
    return { status: 0, retryAfter: null, body: String(error) };
  }
}

/** `promise`, or a rejection after `ms`: nothing in these tests waits forever. */
function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function createItems(name: string): Promise<unknown> {
  return withAdmin((client) => client.query('CREATE TABLE items (id serial PRIMARY KEY)'), name);
}

describe('SQL add-on: PostgreSQL outages while `ziggurat serve` runs the app', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let name: string;
  let dir: string | undefined;
  let server: CliProcess | undefined;
  let base: string;

  const serverOf = (): CliProcess => {
    assert.ok(server);
    return server;
  };
  /** Lines the server logged with the outage code since `mark` (an offset into its output). */
  const outagesSince = (mark: number): number =>
    serverOf()
      .output.slice(mark)
      .split('\n')
      .filter((line) => {
        try {
          return JSON.parse(line).code === 'ZIG_ERR_SQL_UNAVAILABLE';
        } catch {
          return false;
        }
      }).length;
  /** The process still runs: no unhandled 'error' event (or anything else) ended it. */
  const assertAlive = () => {
    const { child, output } = serverOf();
    assert.equal(child.exitCode, null, `the server exited; output:\n${output.slice(-4000)}`);
    assert.equal(child.signalCode, null);
    assert.doesNotMatch(output, /Unhandled 'error' event|uncaught/i);
  };
  /** Query until the server logs that the outage is over (bounded). */
  const recovered = async (mark: number) => {
    const deadline = Date.now() + 15_000;
    while (!serverOf().output.slice(mark).includes(RECOVERED)) {
      if (Date.now() > deadline) throw new Error('the server never logged the end of the outage');
      await request(`${base}/count`);
      await sleep(100);
    }
  };

  before(async () => {
    database = await postgresDatabase();
    name = new URL(database.url).pathname.slice(1);
    await createItems(name);
    const settings = settingsDir(
      [
        '[app]',
        `use = ${ROOT}build/test/addons/sql/outage-app.js`,
        `sql.url = ${database.url}`,
        `sql.retryAfter = ${RETRY_AFTER}`,
        'sql.poolSize = 5',
        'sql.connectTimeout = 3000',
        '[server]',
        'host = 127.0.0.1',
        'port = 0',
        '[logging]',
        'level = info',
        '',
      ].join('\n'),
    );
    dir = settings.dir;
    server = new CliProcess(['serve'], { cwd: dir });
    base = await bounded(server.url(), 20_000, 'the server to listen');
  });

  after(async () => {
    if (server !== undefined) {
      await bounded(server.stop(), 10_000, 'the server to stop').catch(() => server?.child.kill('SIGKILL'));
    }
    await database?.drop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('survives connections killed while idle, logs the outage once, and serves again', {
    timeout: 30_000,
  }, async () => {
    const mark = serverOf().output.length;
    const warm = await Promise.all(Array.from({ length: 4 }, () => request(`${base}/count`)));
    assert.deepEqual(
      warm.map((answer) => answer.status),
      [200, 200, 200, 200],
    );
    assert.ok((await terminateBackends(name)) > 0, 'the pool held idle connections to kill');
    await bounded(
      serverOf().waitFor(/"code":"ZIG_ERR_SQL_UNAVAILABLE"/, mark),
      10_000,
      'the outage log line',
    );
    for (let i = 0; i < 5; i++) assert.equal((await request(`${base}/count`)).status, 200);
    await recovered(mark);
    assert.equal(outagesSince(mark), 1, 'one outage, one log line');
    assertAlive();
  });

  it('survives connections killed under load: 200s and 503s with Retry-After, then only 200s', {
    timeout: 40_000,
  }, async () => {
    const mark = serverOf().output.length;
    const problems: string[] = [];
    const seen = new Map<number, number>();
    let loading = true;
    const worker = async (index: number) => {
      const [path, method] = index % 2 === 0 ? ['/count', 'GET'] : ['/hold', 'POST'];
      while (loading) {
        const answer = await request(`${base}${path}`, method);
        seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
        if (answer.status === 503 && answer.retryAfter !== RETRY_AFTER)
          problems.push(`503 without Retry-After`);
        if (answer.status !== 200 && answer.status !== 503) problems.push(`${answer.status}: ${answer.body}`);
      }
    };
    const workers = Array.from({ length: 12 }, (_, index) => worker(index));
    let rounds = 0;
    let killed = 0;
    try {
      await withAdmin(async (client) => {
        const stop = Date.now() + 2000;
        while (Date.now() < stop) {
          const result = await client.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [name],
          );
          killed += result.rowCount ?? 0;
          rounds += 1;
          await sleep(100);
        }
      });
    } finally {
      loading = false;
      await bounded(Promise.all(workers), 20_000, 'the load to finish');
    }
    assert.deepEqual(problems.slice(0, 5), [], `statuses seen: ${JSON.stringify([...seen])}`);
    assert.ok(killed > 0, 'connections were killed during the load');
    await recovered(mark);
    const afterwards = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        index % 2 === 0 ? request(`${base}/count`) : request(`${base}/hold`, 'POST'),
      ),
    );
    assert.deepEqual(
      afterwards.map((answer) => answer.status),
      Array(10).fill(200),
    );
    const outages = outagesSince(mark);
    assert.ok(outages >= 1 && outages <= rounds, `${outages} outage lines for ${rounds} rounds of kills`);
    assertAlive();
  });

  it('answers 503 while its database is dropped, and serves again once it is recreated', {
    timeout: 30_000,
  }, async () => {
    const mark = serverOf().output.length;
    assert.equal((await request(`${base}/count`)).status, 200);
    await withAdmin((client) => client.query(`DROP DATABASE ${name} WITH (FORCE)`));
    for (let i = 0; i < 5; i++) {
      const answer = await request(`${base}/count`);
      assert.equal(answer.status, 503);
      assert.equal(answer.retryAfter, RETRY_AFTER);
      assert.doesNotMatch(answer.body, /\n\s+at |ZIG_ERR|does not exist|postgres/);
    }
    assert.equal((await request(`${base}/plain`)).status, 200, 'views without the database still work');
    await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
    await createItems(name);
    await recovered(mark);
    for (let i = 0; i < 5; i++) assert.equal((await request(`${base}/count`)).status, 200);
    assert.equal(outagesSince(mark), 1, 'one outage, one log line');
    assertAlive();
  });
});
