// `npm run bench`: Ziggurat against plain Fastify doing the same work, in alternating rounds.
// Servers run in child processes; autocannon loads one of them at a time from this process.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { THROUGHPUT_CASES } from './cases.js';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3);
const STARTUP_COUNTS = [1_000, 10_000];
const STARTUP_REPEATS = Number(process.env.BENCH_STARTUP_REPEATS ?? 3);

type Side = 'plain' | 'ziggurat';
const SIDES: readonly Side[] = ['plain', 'ziggurat'];

function child(args: string[]): Promise<{ proc: ChildProcess; message: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const proc = fork(SERVER, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    proc.once('message', (message) => resolve({ proc, message: message as Record<string, number> }));
    proc.once('exit', (code) => reject(new Error(`bench child ${args.join(' ')} exited with ${code}`)));
  });
}

async function load(
  port: number,
  path: string,
  headers?: Record<string, string>,
  seconds = SECONDS,
): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function throughput(): Promise<void> {
  for (const benchCase of THROUGHPUT_CASES) {
    const servers = await Promise.all(SIDES.map((side) => child(['serve', benchCase.name, side])));
    const results: Record<Side, number[]> = { plain: [], ziggurat: [] };
    try {
      // Warm both servers up first, so the JIT has compiled each side's hot path before anything counts.
      for (const server of servers)
        await load(server.message.port ?? 0, benchCase.path, benchCase.headers, WARMUP_SECONDS);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, side] of SIDES.entries()) {
          const port = servers[i]?.message.port ?? 0;
          results[side].push(await load(port, benchCase.path, benchCase.headers));
        }
      }
    } finally {
      for (const server of servers) server.proc.kill();
    }
    report(benchCase.name, median(results.plain), median(results.ziggurat), 'req/s', (z, p) => z / p);
    console.log(
      `  rounds: plain ${results.plain.map(Math.round).join(', ')}; ziggurat ${results.ziggurat.map(Math.round).join(', ')}`,
    );
  }
}

async function startup(): Promise<void> {
  for (const count of STARTUP_COUNTS) {
    const times: Record<Side, number[]> = { plain: [], ziggurat: [] };
    for (let repeat = 0; repeat < STARTUP_REPEATS; repeat++) {
      for (const side of SIDES)
        times[side].push((await child(['startup', String(count), side])).message.ms ?? 0);
    }
    report(`start-up, ${count} routes`, median(times.plain), median(times.ziggurat), 'ms', (z, p) => z / p);
  }
}

function report(
  name: string,
  plain: number,
  ziggurat: number,
  unit: string,
  ratio: (z: number, p: number) => number,
) {
  const fmt = (n: number) => n.toFixed(unit === 'ms' ? 1 : 0).padStart(9);
  console.log(
    `${name.padEnd(34)} plain ${fmt(plain)} ${unit}   ziggurat ${fmt(ziggurat)} ${unit}   ratio ${ratio(ziggurat, plain).toFixed(3)}`,
  );
}

console.log(
  `Ziggurat vs plain Fastify: ${WARMUP_SECONDS}s warm-up each, then ${ROUNDS} alternating rounds of ${SECONDS}s, ${CONNECTIONS} connections`,
);
await throughput();
await startup();
