// `npm run bench`: Ziggurat against plain Fastify doing the same work, in alternating rounds.
// Servers run in child processes; autocannon loads one of them at a time from this process.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { THROUGHPUT_CASES, type ThroughputCase } from './cases.js';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3);
const STARTUP_COUNTS = [1_000, 10_000];
const STARTUP_REPEATS = Number(process.env.BENCH_STARTUP_REPEATS ?? 3);

type Side = 'plain' | 'ziggurat';
const SIDES: readonly Side[] = ['plain', 'ziggurat'];

interface Child {
  readonly proc: ChildProcess;
  readonly message: Record<string, number>;
}

function child(args: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(SERVER, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    proc.once('message', (message) => resolve({ proc, message: message as Record<string, number> }));
    proc.once('exit', (code) => reject(new Error(`bench child ${args.join(' ')} exited with ${code}`)));
  });
}

/** The CPU time (µs) a server child has used so far. */
function cpuOf(proc: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    proc.once('message', (message) => resolve((message as { cpu: number }).cpu));
    proc.send('cpu');
  });
}

async function load(port: number, benchCase: ThroughputCase, seconds: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${benchCase.path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: benchCase.headers,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${benchCase.path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { perSecond: result.requests.average, total: result.requests.total };
}

/** One round on one server: requests per second, and the server's CPU microseconds per request. */
async function measure(server: Child, benchCase: ThroughputCase): Promise<[number, number]> {
  const before = await cpuOf(server.proc);
  const { perSecond, total } = await load(server.message.port ?? 0, benchCase, SECONDS);
  return [perSecond, ((await cpuOf(server.proc)) - before) / total];
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
  console.log(
    `${name.padEnd(34)} plain ${fmt(plain)} ${unit.padEnd(5)} ziggurat ${fmt(ziggurat)} ${unit.padEnd(5)} ratio ${ratio.toFixed(3)}`,
  );
}

async function rounds(servers: readonly Child[], benchCase: ThroughputCase) {
  const rate: Record<Side, number[]> = { plain: [], ziggurat: [] };
  const cpu: Record<Side, number[]> = { plain: [], ziggurat: [] };
  // Warm both servers up first, so the JIT has compiled each side's hot path before anything counts.
  for (const server of servers) await load(server.message.port ?? 0, benchCase, WARMUP_SECONDS);
  for (let round = 0; round < ROUNDS; round++) {
    // ABBA order: the machine's speed drifts, and a fixed order would always favour one side.
    for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const side = SIDES[i] as Side;
      const [perSecond, cpuPerRequest] = await measure(servers[i] as Child, benchCase);
      rate[side].push(perSecond);
      cpu[side].push(cpuPerRequest);
    }
  }
  return { rate, cpu };
}

/**
 * The ratio of each round's two measurements, which ran one right after the other: this VM's speed
 * drifts by up to 2x over tens of seconds, and pairing cancels the drift that a ratio of medians keeps.
 */
function pairedRatios(ziggurat: readonly number[], plain: readonly number[], higherIsFaster: boolean) {
  return ziggurat.map((value, i) => {
    const other = plain[i] as number;
    return higherIsFaster ? value / other : other / value;
  });
}

async function throughput(cases: readonly ThroughputCase[]): Promise<void> {
  for (const benchCase of cases) {
    const servers = await Promise.all(SIDES.map((side) => child(['serve', benchCase.name, side])));
    try {
      const { rate, cpu } = await rounds(servers, benchCase);
      const rateRatio = median(pairedRatios(rate.ziggurat, rate.plain, true));
      const cpuRatio = median(pairedRatios(cpu.ziggurat, cpu.plain, false));
      report(benchCase.name, median(rate.plain), median(rate.ziggurat), 'req/s', rateRatio);
      if (benchCase.plainIs) console.log(`  (here "plain" is ${benchCase.plainIs})`);
      report('  server CPU per request', median(cpu.plain), median(cpu.ziggurat), 'µs', cpuRatio);
      console.log(`  rounds (req/s): plain ${rate.plain.map(Math.round).join(', ')}`);
      console.log(`                  ziggurat ${rate.ziggurat.map(Math.round).join(', ')}`);
    } finally {
      for (const server of servers) server.proc.kill();
    }
  }
}

async function startup(): Promise<void> {
  for (const count of STARTUP_COUNTS) {
    const times: Record<Side, number[]> = { plain: [], ziggurat: [] };
    for (let repeat = 0; repeat < STARTUP_REPEATS; repeat++) {
      const order = repeat % 2 === 0 ? SIDES : [...SIDES].reverse();
      for (const side of order)
        times[side].push((await child(['startup', String(count), side])).message.ms ?? 0);
    }
    const [plain, ziggurat] = [median(times.plain), median(times.ziggurat)];
    report(`start-up, ${count} routes`, plain, ziggurat, 'ms', ziggurat / plain);
  }
}

console.log(
  `Ziggurat vs plain Fastify: ${WARMUP_SECONDS}s warm-up each, then ${ROUNDS} rounds of ${SECONDS}s in ABBA order, ` +
    `${CONNECTIONS} connections. Ratios: throughput and CPU as ziggurat/plain speed (1 = as fast), the median of each round's pair; start-up as time.`,
);
// BENCH_ONLY: 'throughput' or 'startup' to run one part, or part of a case's name to run that case.
const only = process.env.BENCH_ONLY ?? '';
const selected = ['', 'throughput', 'startup'].includes(only)
  ? THROUGHPUT_CASES
  : THROUGHPUT_CASES.filter((benchCase) => benchCase.name.includes(only));
if (only !== 'startup') await throughput(selected);
if (only === '' || only === 'startup') await startup();
