// The server processes of `serve --reload`: a new one starts before the old one stops, so no request is refused.
import cluster, { type Worker } from 'node:cluster';
import type { CliIO } from './command.js';
import { MAIN_SCRIPT } from './paths.js';
import { HANDED_OVER, HANDED_OVER_SEEN, isReloadMessage, RELOAD_WORKER_ENV } from './reload-worker.js';

/** What became of a server process that was started. */
type Started = 'listening' | 'exited';

function listeningOrExit(worker: Worker): Promise<Started> {
  return new Promise((resolve) => {
    worker.once('listening', () => resolve('listening'));
    worker.once('exit', () => resolve('exited'));
  });
}

/** A worker's exit code; 0 for one that the SIGTERM asking it to stop ended before it had a handler. */
function exitOf(worker: Worker): Promise<number> {
  const code = (exitCode: number | null, signal: string | null) =>
    signal === 'SIGTERM' ? 0 : (exitCode ?? 1);
  return new Promise((resolve) => {
    if (worker.isDead()) resolve(code(worker.process.exitCode, worker.process.signalCode));
    else worker.once('exit', (exitCode, signal) => resolve(code(exitCode, signal)));
  });
}

/**
 * Ask a worker to stop: SIGTERM, which a listening worker answers by handing over (see reload-worker.ts),
 * and which ends one still starting before it has a handler (a message could arrive before its listener).
 */
function stop(worker: Worker | null): void {
  if (worker && !worker.isDead()) worker.process.kill('SIGTERM');
}

/**
 * The reloader's server processes, as node:cluster workers: the primary (the reloader) holds the
 * listening socket, so while one worker replaces another the port never closes. `restart()` starts a new
 * worker and, once it listens, asks the one serving to stop (it finishes its requests); a worker that
 * fails to start leaves the one serving in place.
 */
export class ReloadServers {
  readonly #io: CliIO;
  readonly #env: NodeJS.ProcessEnv;
  #current: Worker | null = null;
  readonly #live = new Set<Worker>();
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;

  constructor(file: string, io: CliIO) {
    this.#io = io;
    // No load balancer waits on a reloading server: no [server] shutdown_delay.
    this.#env = { ...io.env, [RELOAD_WORKER_ENV]: '1', SHUTDOWN_DELAY: '0' };
    cluster.setupPrimary({ exec: MAIN_SCRIPT, args: ['serve', file], silent: true });
  }

  /** Start a new server in place of the one serving; asked again meanwhile, it starts one more after. */
  restart(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#cycle().finally(() => {
      this.#running = null;
    });
  }

  async #cycle(): Promise<void> {
    do {
      this.#again = false;
      await this.#replace();
    } while (this.#again && !this.#closed);
  }

  #fork(): Worker {
    const worker = cluster.fork(this.#env);
    worker.process.stdout?.pipe(this.#io.stdout, { end: false });
    worker.process.stderr?.pipe(this.#io.stderr, { end: false });
    this.#live.add(worker);
    // Answered after the cluster has taken the worker off the listener (see primarySawClose).
    worker.on('message', (message: unknown) => {
      if (isReloadMessage(message, HANDED_OVER) && !worker.isDead()) worker.send({ type: HANDED_OVER_SEEN });
    });
    worker.once('exit', (code, signal) => {
      this.#live.delete(worker);
      if (worker !== this.#current) return;
      this.#current = null;
      if (!this.#closed)
        this.#io.stderr.write(`ziggurat: the server exited (${signal ?? code}); waiting for a change\n`);
    });
    return worker;
  }

  async #replace(): Promise<void> {
    const next = this.#fork();
    if ((await listeningOrExit(next)) === 'exited') {
      const still = this.#current ? 'the previous one serves on' : 'waiting for a change';
      if (!this.#closed) this.#io.stderr.write(`ziggurat: the new server did not start; ${still}\n`);
      return;
    }
    const previous = this.#current;
    this.#current = next;
    stop(this.#closed ? next : previous);
  }

  /** Stop every server (they finish their requests); resolves to 0 when all of them exited with 0. */
  async close(): Promise<number> {
    this.#closed = true;
    const workers = [...this.#live];
    for (const worker of workers) stop(worker);
    const codes = await Promise.all(workers.map(exitOf));
    await this.#running;
    return codes.every((code) => code === 0) ? 0 : 1;
  }

  /** Kill every server at once (a second Ctrl-C). */
  kill(): void {
    this.#closed = true;
    for (const worker of this.#live) worker.process.kill('SIGKILL');
  }
}
