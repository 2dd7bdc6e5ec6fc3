// The wrk load client (a C program): whether it is installed, running it, and reading its report.
import { execFile, spawnSync } from 'node:child_process';
import type { LoadOrder, LoadResult } from './load.js';

/** Whether `wrk` can be run here. */
export function hasWrk(): boolean {
  const run = spawnSync('wrk', ['--version'], { stdio: 'ignore' });
  return run.error === undefined;
}

/** wrk's arguments for an order: one thread (the clients share their CPUs), as many connections as autocannon. */
export function wrkArguments(order: LoadOrder): string[] {
  const headers = Object.entries(order.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  return ['-t1', `-c${order.connections}`, `-d${order.seconds}s`, ...headers, order.url];
}

function counted(report: string, pattern: RegExp): number[] | null {
  const found = pattern.exec(report);
  return found ? found.slice(1).map(Number) : null;
}

/**
 * What a wrk report says: requests completed and their rate, socket errors (connect, read, write,
 * timeout), and the answers that were not 2xx or 3xx (wrk prints that line only when there are some).
 */
export function parseWrk(report: string): LoadResult {
  const total = counted(report, /(\d+) requests in /);
  const rate = counted(report, /Requests\/sec:\s+([\d.]+)/);
  if (total === null || rate === null) throw new Error(`Cannot read wrk's report:\n${report}`);
  const socket = counted(report, /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = counted(report, /Non-2xx or 3xx responses: (\d+)/);
  return {
    total: total[0] as number,
    perSecond: rate[0] as number,
    non2xx: non2xx?.[0] ?? 0,
    errors: socket?.reduce((sum, count) => sum + count, 0) ?? 0,
  };
}

/** Run wrk for one order. It inherits this process's CPU binding, so it runs where the client was placed. */
export function runWrk(order: LoadOrder): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile('wrk', wrkArguments(order), (error, stdout, stderr) => {
      if (error) reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
      else resolve(parseWrk(stdout));
    });
  });
}
