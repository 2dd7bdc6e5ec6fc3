// Several server processes on one port through node:cluster: the primary forks, replaces and stops workers.
import cluster, { type Worker } from 'node:cluster';
import type { CliIO } from './command.js';
import { MAIN_SCRIPT } from './paths.js';
import { shutdownSignal } from './signals.js';

function waitForExit(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) resolve();
    else worker.once('exit', () => resolve());
  });
}

/**
 * Fork `count` workers that each run `ziggurat serve <file>`; a worker that dies is replaced until
 * shutdown. On SIGINT/SIGTERM each worker gets SIGTERM and the primary waits for all of them.
 */
export async function serveWorkers(file: string, count: number, io: CliIO): Promise<number> {
  const signal = shutdownSignal();
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
  await signal;
  stopping = true;
  const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);
  for (const worker of workers) worker.process.kill('SIGTERM');
  await Promise.all(workers.map(waitForExit));
  io.stdout.write('ziggurat: all workers stopped\n');
  return 0;
}
