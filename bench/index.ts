// `npm run bench`: Ziggurat against plain Fastify doing the same work, loaded side by side.
// Servers and load clients run in child processes; each round loads both servers at the same time.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { THROUGHPUT_CASES, type ThroughputCase } from './cases.js';
import type { LoadOrder, LoadResult } from './load.js';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));
const LOADER = fileURLToPath(new URL('./load.js', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
/** Fresh server processes this many times per case; the rounds are split between them. */
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3);
/** BENCH_AA=1 runs plain against plain: the ratios then show how far this machine's noise reaches. */
const AA = process.env.BENCH_AA === '1';
const STARTUP_COUNTS = [1_000, 10_000];
const STARTUP_REPEATS = Number(process.env.BENCH_STARTUP_REPEATS ?? 3);

type Side = 'plain' | 'ziggurat';
const SIDES: readonly Side[] = ['plain', 'ziggurat'];

interface Child {
  readonly proc: ChildProcess;
  readonly message: Record<string, number>;
}

function child(path: string, args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(path, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    proc.once('message', (message) => resolve({ proc, message: message as Record<string, number> }));
    proc.once('exit', (code) => reject(new Error(`bench child ${args.join(' ')} exited with ${code}`)));
  });
}

/** Ask a child one thing over IPC and wait for its answer. */
function ask<T>(proc: ChildProcess, question: unknown): Promise<T> {
  return new Promise((resolve) => {
    proc.once('message', (answer) => resolve(answer as T));
    proc.send(question as object);
  });
}

/** The CPU time (µs) a server child has used so far. */
const cpuOf = (server: Child) => ask<{ cpu: number }>(server.proc, 'cpu').then((answer) => answer.cpu);

/** Load one server from its client for `seconds`; fails on any error or non-2xx answer. */
async function load(client: Child, server: Child, benchCase: ThroughputCase, seconds: number) {
  const order: LoadOrder = {
    url: `http://127.0.0.1:${server.message.port ?? 0}${benchCase.path}`,
    seconds,
    connections: CONNECTIONS,
    ...(benchCase.headers ? { headers: benchCase.headers } : {}),
  };
  const result = await ask<LoadResult>(client.proc, order);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${benchCase.path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return result;
}

/**
 * One round: both servers under load at the same time, each from its own client. Whatever slows
 * the machine down then slows both alike, and the scheduler shares the CPU between the two busy
 * servers, so each one's throughput follows its cost per request.
 */
async function round(
  servers: readonly Child[],
  clients: readonly Child[],
  benchCase: ThroughputCase,
  seconds: number,
  flip: boolean,
) {
  const before = await Promise.all(servers.map(cpuOf));
  // The clients swap servers every other round (which also swaps who is told first): one client
  // process can come out of its JIT faster than the other, and it would otherwise favour one side.
  const results = await Promise.all(
    servers.map((server, i) => load(clients[flip ? 1 - i : i] as Child, server, benchCase, seconds)),
  );
  const after = await Promise.all(servers.map(cpuOf));
  return results.map((result, i) => ({
    perSecond: result.perSecond,
    cpuPerRequest: ((after[i] as number) - (before[i] as number)) / result.total,
  }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  if (sorted.length === 0) return Number.NaN;
  if (!Number.isInteger(middle)) return sorted[Math.floor(middle)] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function report(name: string, plain: number, ziggurat: number, unit: string, ratio: number): void {
  const fmt = (n: number) => n.toFixed(unit === 'req/s' ? 0 : 1).padStart(9);
  const other = AA ? 'plain' : 'ziggurat';
  console.log(
    `${name.padEnd(34)} plain ${fmt(plain)} ${unit.padEnd(5)} ${other} ${fmt(ziggurat)} ${unit.padEnd(5)} ratio ${ratio.toFixed(3)}`,
  );
}

type Measurements = Record<Side, { rate: number[]; cpu: number[] }>;

/**
 * One session: a fresh pair of servers, warmed up, then `count` rounds. Each session starts new
 * processes because a process's JIT can land a few per cent faster or slower than the next one's.
 */
async function session(
  clients: readonly Child[],
  benchCase: ThroughputCase,
  count: number,
  into: Measurements,
) {
  const sides = SIDES.map((side) => (AA ? 'plain' : side));
  const servers = await Promise.all(sides.map((side) => child(SERVER, ['serve', benchCase.name, side])));
  try {
    // Warm both servers up first, so the JIT has compiled each side's hot path before anything counts.
    await round(servers, clients, benchCase, WARMUP_SECONDS, false);
    for (let i = 0; i < count; i++) {
      const measured = await round(servers, clients, benchCase, SECONDS, i % 2 === 1);
      measured.forEach((side, s) => {
        into[SIDES[s] as Side].rate.push(side.perSecond);
        into[SIDES[s] as Side].cpu.push(side.cpuPerRequest);
      });
    }
  } finally {
    for (const server of servers) server.proc.kill();
  }
}

/** Each round's ratio: its two measurements ran at the same time. */
function pairedRatios(ziggurat: readonly number[], plain: readonly number[], higherIsFaster: boolean) {
  return ziggurat.map((value, i) => {
    const other = plain[i] as number;
    return higherIsFaster ? value / other : other / value;
  });
}

async function throughput(cases: readonly ThroughputCase[]): Promise<void> {
  const clients = await Promise.all(SIDES.map(() => child(LOADER, [])));
  try {
    for (const benchCase of cases) {
      const measured: Measurements = { plain: { rate: [], cpu: [] }, ziggurat: { rate: [], cpu: [] } };
      for (let i = 0; i < SESSIONS; i++) {
        const count = Math.ceil((ROUNDS * (i + 1)) / SESSIONS) - Math.ceil((ROUNDS * i) / SESSIONS);
        await session(clients, benchCase, count, measured);
      }
      const { plain, ziggurat } = measured;
      const ratios = pairedRatios(ziggurat.rate, plain.rate, true);
      const cpuRatio = median(pairedRatios(ziggurat.cpu, plain.cpu, false));
      report(benchCase.name, median(plain.rate), median(ziggurat.rate), 'req/s', median(ratios));
      if (benchCase.plainIs && !AA) console.log(`  (here "plain" is ${benchCase.plainIs})`);
      report('  server CPU per request', median(plain.cpu), median(ziggurat.cpu), 'µs', cpuRatio);
      console.log(`  round ratios: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}`);
    }
  } finally {
    for (const client of clients) client.proc.kill();
  }
}

async function startup(): Promise<void> {
  for (const count of STARTUP_COUNTS) {
    const times: Record<Side, number[]> = { plain: [], ziggurat: [] };
    for (let repeat = 0; repeat < STARTUP_REPEATS; repeat++) {
      const order = repeat % 2 === 0 ? SIDES : [...SIDES].reverse();
      for (const side of order)
        times[side].push((await child(SERVER, ['startup', String(count), side])).message.ms ?? 0);
    }
    const [plain, ziggurat] = [median(times.plain), median(times.ziggurat)];
    report(`start-up, ${count} routes`, plain, ziggurat, 'ms', ziggurat / plain);
  }
}

console.log(
  `${AA ? 'Plain Fastify against itself (A/A: the noise floor)' : 'Ziggurat vs plain Fastify'}: both servers loaded at once, ` +
    `${ROUNDS} rounds of ${SECONDS}s over ${SESSIONS} fresh pairs of servers (each warmed up for ${WARMUP_SECONDS}s), ` +
    `${CONNECTIONS} connections each. Ratios: ` +
    `throughput and CPU as ${AA ? 'second/first' : 'ziggurat/plain'} speed (1 = as fast), the median of the rounds; start-up as time.`,
);
// BENCH_ONLY: 'throughput' or 'startup' to run one part, or part of a case's name to run that case.
const only = process.env.BENCH_ONLY ?? '';
const selected = ['', 'throughput', 'startup'].includes(only)
  ? THROUGHPUT_CASES
  : THROUGHPUT_CASES.filter((benchCase) => benchCase.name.includes(only));
if (only !== 'startup') await throughput(selected);
if ((only === '' || only === 'startup') && !AA) await startup();
