// Fault tests of `ziggurat serve`'s graceful shutdown: SIGTERM in the middle of a burst, and a second signal.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { describe, it } from 'node:test';
import { CliProcess, fixtureSettings, serverAppSettings, settingsDir, within } from './helpers.js';

/** Whether a process is still running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What became of one request: a status and whether its body arrived whole, or the client's error. */
interface Outcome {
  status?: number;
  body?: string;
  complete?: boolean;
  error?: string;
}

/** GET `url` through `agent` (false: a new connection); never rejects, gives up after 20 s. */
function fetchOnce(url: string, agent: http.Agent | false): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent, timeout: 20_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('error', (error) => resolve({ status: response.statusCode, error: error.message }));
      response.on('end', () => resolve({ status: response.statusCode, body, complete: response.complete }));
    });
    request.on('timeout', () => request.destroy(new Error('client timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

/**
 * A burst against a route that holds the event loop 5 ms, from 20 clients on keep-alive connections and
 * 20 that open a new connection per request, so that connections queue in the kernel's backlog while the
 * server is busy. Like a load balancer, the clients stop sending new requests once `stopped()` (readiness
 * said 503), and finish those already sent. `onCount` hears how many have finished.
 */
async function burst(url: string, stopped: () => boolean, onCount: (count: number) => void) {
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const outcomes: Outcome[] = [];
  const deadline = Date.now() + 60_000;
  const client = async (agent: http.Agent | false) => {
    while (!stopped() && Date.now() < deadline) {
      outcomes.push(await fetchOnce(`${url}/busy?ms=5`, agent));
      onCount(outcomes.length);
    }
  };
  const clients = [...Array(20)].flatMap(() => [client(keepAlive), client(false)]);
  await Promise.all(clients);
  keepAlive.destroy();
  return outcomes;
}

/** Ask the readiness endpoint on new connections until it answers something else than 200. */
async function pollReadiness(url: string, server: CliProcess): Promise<{ outcome: Outcome; mark: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mark = server.output.length;
    const outcome = await fetchOnce(`${url}/_health/ready`, false);
    if (outcome.status !== 200 || Date.now() > deadline) return { outcome, mark };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function failures(outcomes: Outcome[]): Outcome[] {
  return outcomes.filter(
    (outcome) =>
      outcome.error !== undefined ||
      !outcome.complete ||
      !(
        (outcome.status === 200 && outcome.body === 'done') ||
        (outcome.status === 503 && (outcome.body ?? '') !== '')
      ),
  );
}

async function sigtermDuringBurst(workers: number): Promise<void> {
  const settings = serverAppSettings(
    'health.maxEventLoopDelay = 0',
    `workers = ${workers}\nshutdown_delay = 2\nshutdown_timeout = 15`,
  );
  const server = new CliProcess(['serve'], { cwd: settingsDir(settings).dir });
  try {
    const url = await server.url();
    if (workers > 1) await server.waitFor(/serving[\s\S]*serving/);
    assert.equal((await fetchOnce(`${url}/_health/ready`, false)).status, 200);
    let readiness: Promise<{ outcome: Outcome; mark: number }> | undefined;
    let notReady = false;
    const outcomes = await within(
      burst(
        url,
        () => notReady,
        (count) => {
          if (count !== 80) return;
          server.child.kill('SIGTERM');
          readiness = pollReadiness(url, server).then((result) => {
            notReady = true;
            return result;
          });
        },
      ),
      90_000,
      'the burst',
    );
    assert.ok(readiness, 'SIGTERM was sent mid-burst');
    const { outcome, mark } = await within(readiness, 30_000, 'readiness polling');
    assert.deepEqual(failures(outcomes), [], 'every request got a complete 200 or 503');
    assert.ok(outcomes.length > 80, `requests were answered after SIGTERM (${outcomes.length} in all)`);
    assert.equal(
      outcome.status,
      503,
      `readiness answered 503 while the server shut down: ${JSON.stringify(outcome)}`,
    );
    assert.equal(JSON.parse(outcome.body ?? '{}').status, 'shutting down');
    assert.equal(await within(server.exited, 30_000, 'the exit'), 0);
    const closedAt = server.output.indexOf('listener closed', mark);
    assert.ok(closedAt > mark, `the listener closed after readiness answered 503:\n${server.output}`);
    assert.match(server.output, /SIGTERM, shutting down .*: readiness off, serving 2 s more/);
  } finally {
    await server.kill();
  }
}

describe('ziggurat serve: graceful shutdown', () => {
  it(
    'on SIGTERM mid-burst, answers every request queued or sent (200 or 503), turns readiness off first, exits 0',
    { timeout: 120_000 },
    () => sigtermDuringBurst(1),
  );

  it('does the same with [server] workers = 2', { timeout: 120_000 }, () => sigtermDuringBurst(2));

  it('exits at once (1) on a second SIGTERM a second later, and ignores a duplicate at once', {
    timeout: 60_000,
  }, async () => {
    const { dir } = settingsDir(serverAppSettings('', 'shutdown_delay = 60'));
    const server = new CliProcess(['serve'], { cwd: dir });
    try {
      await server.url();
      server.child.kill('SIGTERM');
      server.child.kill('SIGTERM'); // a duplicate (npm forwarding the signal the process group got)
      await server.waitFor(/SIGTERM, shutting down/);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      assert.equal(server.child.exitCode, null, 'the duplicate did not force the exit');
      server.child.kill('SIGTERM');
      assert.equal(await within(server.exited, 10_000, 'the forced exit'), 1);
      assert.match(server.output, /SIGTERM again, exiting now/);
    } finally {
      await server.kill();
    }
  });

  it('with workers, a second SIGTERM a second later kills the workers and exits 1', {
    timeout: 60_000,
  }, async () => {
    const { dir } = settingsDir(serverAppSettings('', 'workers = 2\nshutdown_delay = 60'));
    const server = new CliProcess(['serve'], { cwd: dir });
    try {
      await server.waitFor(/serving[\s\S]*serving/);
      const workers = [...server.output.matchAll(/\(worker (\d+)\)/g)].map((match) => Number(match[1]));
      server.child.kill('SIGTERM');
      await server.waitFor(/shutting down \(worker \d+\)[\s\S]*shutting down \(worker \d+\)/);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      server.child.kill('SIGTERM');
      assert.equal(await within(server.exited, 10_000, 'the forced exit'), 1);
      assert.match(server.output, /SIGTERM again, killing the workers/);
      const deadline = Date.now() + 5_000;
      while (workers.some(alive) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(workers.filter(alive), [], 'no worker is left');
    } finally {
      await server.kill();
    }
  });

  it('with --reload, restarts without the shutdown delay and exits 0 when the signal reaches both processes', {
    timeout: 60_000,
  }, async () => {
    const server = new CliProcess(['serve', '--reload'], {
      cwd: settingsDir(fixtureSettings('', 'host = 127.0.0.1\nport = 0\nshutdown_delay = 60')).dir,
    });
    try {
      await server.url();
      const mark = server.output.length;
      writeFileSync(
        `${server.cwd}/development.ini`,
        fixtureSettings('greeting = again', 'host = 127.0.0.1\nport = 0\nshutdown_delay = 60'),
      );
      await server.waitFor(/restarting/, mark);
      const restarted = server.output.indexOf('restarting', mark);
      const child = Number((await server.waitFor(/serving .* \(pid (\d+)\)/, restarted, 15_000))[1]);
      // As a Ctrl-C or a kill of the process group does: the reloader and its child at once.
      server.child.kill('SIGTERM');
      process.kill(child, 'SIGTERM');
      assert.equal(await within(server.exited, 15_000, 'the exit'), 0);
      assert.equal(alive(child), false);
    } finally {
      await server.kill();
    }
  });
});
