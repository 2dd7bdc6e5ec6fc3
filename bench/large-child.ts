// A bench child for the large app: builds one side in a fresh process (run with --expose-gc), then
// reports the start-up time, the heap after a full collection, and a few answers to check the sides agree.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import type { FastifyInstance } from 'fastify';
import { ROUTES_PER_ADDON } from './large-app.js';

/** What the child reports. */
export interface LargeAppResult {
  readonly ms: number;
  /** CPU time of the start-up (ms), all threads: less disturbed than `ms` by other processes. */
  readonly cpuMs: number;
  readonly heapUsed: number;
  readonly rss: number;
  /** The answers to SAMPLE_REQUESTS, which must be the same on both sides. */
  readonly answers: readonly string[];
}

const [directory = '', side = '', addons = '0'] = process.argv.slice(2);
const last = Number(addons) - 1;
const SAMPLE_REQUESTS = [
  { method: 'GET' as const, url: `/a${last}/r3/7`, headers: {} },
  { method: 'GET' as const, url: `/a${last}/r13/7`, headers: {} },
  { method: 'POST' as const, url: '/a0/r13/8', headers: { accept: 'application/json', 'x-client': 'bench' } },
  { method: 'POST' as const, url: '/a0/r4/8', headers: { accept: 'application/json', 'x-client': 'bench' } },
  { method: 'GET' as const, url: '/a0/r4/8', headers: { accept: 'application/json', 'x-client': 'bench' } },
  { method: 'POST' as const, url: '/a0/r4/8', headers: { accept: 'application/json' } },
];

async function main(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run the large-app child with --expose-gc');
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const { build } = (await import(pathToFileURL(join(directory, side, 'app.js')).href)) as {
    build(): Promise<FastifyInstance>;
  };
  const app = await build();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  // Twice: what the first collection's finalizers release goes in the second.
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  // BENCH_SNAPSHOT=<directory>: keep a heap snapshot of each side, to see what the heap holds.
  const snapshots = process.env.BENCH_SNAPSHOT;
  if (snapshots)
    writeHeapSnapshot(join(snapshots, `large-${side}-${Number(addons) * ROUTES_PER_ADDON}.heapsnapshot`));
  const answers: string[] = [];
  for (const request of SAMPLE_REQUESTS) {
    const response = await app.inject(request);
    // An error's status and body are each framework's own (Ziggurat answers 405 where no view
    // takes the method, plain Fastify's handler 404): only a success must be the same.
    answers.push(response.statusCode < 300 ? `${response.statusCode} ${response.body}` : 'an error');
  }
  await app.close();
  const result: LargeAppResult = { ms, cpuMs, heapUsed, rss, answers };
  process.send?.(result);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
