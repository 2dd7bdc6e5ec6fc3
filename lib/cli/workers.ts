// Several server processes on one port through node:cluster: the primary forks, replaces and stops workers.
import cluster, { type Worker } from 'node:cluster';
import type { CliIO } from './command.js';
import { MAIN_SCRIPT } from './paths.js';
import { SUPERVISED_ENV, shutdownSignals } from './signals.js';

/** Resolves with the worker's exit code (1 when a signal ended it). */
function waitForExit(worker: Worker): Promise<number> {
  const code = () => worker.process.exitCode ?? 1;
  return new Promise((resolve) => {
    if (worker.isDead()) resolve(code());
    else worker.once('exit', () => resolve(code()));
  });
}

/**
 * Fork `count` workers that each run `ziggurat serve <file>`; a worker that dies is replaced until
 * shutdown. On SIGINT/SIGTERM each worker gets SIGTERM and shuts down gracefully (see `serve`), and the
 * primary waits for all of them: it exits 0 when they all did. The signal again, a second or more later,
 * kills them (SIGKILL) and exits 1.
 */
export async function serveWorkers(file: string, count: number, io: CliIO): Promise<number> {
  const signals = shutdownSignals({ supervised: io.env[SUPERVISED_ENV] === '1' });
  let stopping = false;
  cluster.setupPrimary({ exec: MAIN_SCRIPT, args: ['serve', file], silent: false });
  const fork = () => cluster.fork(io.env);
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    io.stderr.write(`ziggurat: worker ${worker.process.pid} exited (${code}), starting another\n`);
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  io.stdout.write(`ziggurat: primary ${process.pid} runs ${count} workers\n`);
  try {
    const received = await signals.first;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);
    io.stdout.write(`ziggurat: ${received}, stopping ${workers.length} workers\n`);
    for (const worker of workers) worker.process.kill('SIGTERM');
    const stopped = Promise.all(workers.map(waitForExit)).then((codes) => {
      io.stdout.write('ziggurat: all workers stopped\n');
      return codes.every((code) => code === 0) ? 0 : 1;
    });
    const forced = signals.forced.then((signal) => {
      io.stderr.write(`ziggurat: ${signal} again, killing the workers\n`);
      for (const worker of workers) worker.process.kill('SIGKILL');
      return 1;
    });
    return await Promise.race([stopped, forced]);
  } finally {
    signals.dispose();
  }
}
