// `ziggurat serve` as a real process: listening, env overrides, graceful shutdown, --reload, workers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { CliProcess, fixtureSettings, settingsDir } from './helpers.js';

const ANSWER_WITHIN_MS = 15_000;

/** GET a URL on a fresh connection (no keep-alive), so that cluster workers take turns. */
function get(url: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      // A connection lost between processes must fail the test, not leave it waiting forever.
      .get(url, { agent: false, timeout: ANSWER_WITHIN_MS }, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body, headers: response.headers }),
        );
      })
      .on('timeout', function (this: http.ClientRequest) {
        this.destroy(new Error(`no answer from ${url} within ${ANSWER_WITHIN_MS} ms`));
      })
      .on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('ziggurat serve', () => {
  it('serves the app, and on SIGTERM finishes the request in flight, then exits 0', async () => {
    const { dir } = settingsDir(fixtureSettings());
    const server = new CliProcess(['serve'], { cwd: dir });
    try {
      const url = await server.url();
      const home = await get(`${url}/`);
      assert.equal(home.status, 200);
      assert.equal(JSON.parse(home.body).greeting, 'hi');
      assert.equal(home.headers['x-timed'], 'yes');
      const slow = get(`${url}/slow`);
      await server.waitFor(/slow request started/);
      server.child.kill('SIGTERM');
      const finished = await slow;
      assert.equal(finished.status, 200);
      assert.equal(finished.body, 'slow request finished');
      assert.equal(await server.exited, 0);
      assert.match(server.output, /SIGTERM, shutting down \(pid \d+\): readiness off, serving 0 s more/);
      assert.match(server.output, /listener closed, finishing requests in flight \(pid \d+\)\n.*stopped/);
    } finally {
      await server.stop();
    }
  });

  it('listens on HOST and PORT from the environment over the settings file', async () => {
    const port = await freePort();
    const { file, dir } = settingsDir(
      fixtureSettings('', 'host = localhost\nport = 6543\nshutdown_delay = 0'),
      'production.ini',
    );
    const server = new CliProcess(['serve', 'production.ini'], {
      cwd: dir,
      env: { HOST: '127.0.0.1', PORT: String(port) },
    });
    try {
      const url = await server.url();
      assert.equal(url, `http://127.0.0.1:${port}`);
      assert.match(server.output, new RegExp(file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
      assert.equal((await get(`${url}/items/5`)).body, '{"item":"5"}');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('restarts with --reload when a file under the settings directory changes', async () => {
    const { file, dir } = settingsDir(fixtureSettings());
    const server = new CliProcess(['serve', '--reload'], { cwd: dir });
    try {
      const first = await server.url();
      assert.equal(JSON.parse((await get(`${first}/`)).body).greeting, 'hi');
      const mark = server.output.length;
      writeFileSync(file, fixtureSettings().replace('greeting = hi', 'greeting = reloaded'));
      await server.waitFor(/development\.ini changed, restarting/, mark);
      const second = await server.url(server.output.indexOf('restarting', mark));
      // Until the old server has handed over, it may still take a new connection.
      await server.waitFor(/stopped \(pid/, mark);
      assert.equal(JSON.parse((await get(`${second}/`)).body).greeting, 'reloaded');
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });

  it('runs [server] workers = 2 worker processes that share the port and all answer', async () => {
    const port = await freePort();
    const { dir } = settingsDir(
      fixtureSettings('', `host = 127.0.0.1\nport = ${port}\nworkers = 2\nshutdown_delay = 0`),
    );
    const server = new CliProcess(['serve'], { cwd: dir });
    try {
      await server.waitFor(/serving .* \(worker \d+\)[\s\S]*serving .* \(worker \d+\)/);
      const workerPids = [...server.output.matchAll(/\(worker (\d+)\)/g)].map((match) => Number(match[1]));
      const pids = new Set<number>();
      for (let i = 0; i < 6; i++) {
        const response = await get(`http://127.0.0.1:${port}/`);
        assert.equal(response.status, 200);
        pids.add(JSON.parse(response.body).pid);
      }
      assert.deepEqual([...pids].sort(), [...new Set(workerPids)].sort());
      assert.equal(pids.size, 2);
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assert.match(server.output, /all workers stopped/);
  });

  it('fails with exit 1 and the error code when the settings file has a bad port', async () => {
    const { dir } = settingsDir(fixtureSettings('', 'port = eighty'));
    const server = new CliProcess(['serve'], { cwd: dir });
    assert.equal(await server.exited, 1);
    assert.match(server.output, /^ziggurat serve: ZIG_ERR_SETTINGS_VALUE: .*port must be an integer/m);
  });
});
