// `npm run bench`: Ziggurat against plain Fastify doing the same work, loaded side by side.
// Servers and load clients run in child processes; each round loads both servers at the same time.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { THROUGHPUT_CASES, type ThroughputCase } from './cases.js';
import { largeApps } from './large.js';
import type { LoadOrder, LoadResult } from './load.js';
import { pin, placement } from './placement.js';
import { bootstrapInterval, median, TRIM, trimmedGeoMean } from './stats.js';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));
const LOADER = fileURLToPath(new URL('./load.js', import.meta.url));
// Many short rounds rather than a few long ones: on a shared VM a round's ratio wanders about as
// much whether it lasts 1 s or 3 s, so more rounds in the same time pin the ratio down better.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
/** Fresh server processes this many times per case; the rounds are split between them. */
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 3);
/** BENCH_AA=1 runs plain against plain: the ratios then show how far this machine's noise reaches. */
const AA = process.env.BENCH_AA === '1';
const STARTUP_COUNTS = [1_000, 10_000];
const STARTUP_REPEATS = Number(process.env.BENCH_STARTUP_REPEATS ?? 5);
const PLACEMENT = placement();

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

function report(name: string, plain: number, ziggurat: number, unit: string, ratio: string): void {
  const fmt = (n: number) => n.toFixed(unit === 'req/s' ? 0 : 1).padStart(9);
  const other = AA ? 'plain' : 'ziggurat';
  console.log(
    `${name.padEnd(34)} plain ${fmt(plain)} ${unit.padEnd(5)} ${other} ${fmt(ziggurat)} ${unit.padEnd(5)} ratio ${ratio}`,
  );
}

/** The ratio of a case's rounds (grouped by session) and its 95 % interval. */
function ratioText(sessions: readonly (readonly number[])[]): string {
  const [low, high] = bootstrapInterval(sessions);
  return `${trimmedGeoMean(sessions.flat()).toFixed(3)} (95 % ${low.toFixed(3)}–${high.toFixed(3)})`;
}

/** One session's rounds: each side's throughput and CPU time per request, round by round. */
type Measurements = Record<Side, { rate: number[]; cpu: number[] }>;

/**
 * One session: a fresh pair of servers, warmed up, then `count` rounds. Each session starts new
 * processes because a process's JIT can land a few per cent faster or slower than the next one's.
 */
async function session(
  clients: readonly Child[],
  benchCase: ThroughputCase,
  count: number,
  first: number,
): Promise<Measurements> {
  const into: Measurements = { plain: { rate: [], cpu: [] }, ziggurat: { rate: [], cpu: [] } };
  const sides = SIDES.map((side) => (AA ? 'plain' : side));
  // Start the two servers in turn, each first in every other session, in case going first matters.
  const servers: Child[] = [];
  const order = first === 0 ? [0, 1] : [1, 0];
  for (const i of order) {
    servers[i] = await child(SERVER, ['serve', benchCase.name, sides[i] as Side]);
    if (PLACEMENT) pin(servers[i]?.proc.pid, PLACEMENT.servers);
  }
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
  return into;
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
  if (PLACEMENT) for (const client of clients) pin(client.proc.pid, PLACEMENT.clients);
  try {
    for (const benchCase of cases) {
      const sessions: Measurements[] = [];
      for (let i = 0; i < SESSIONS; i++) {
        const count = Math.ceil((ROUNDS * (i + 1)) / SESSIONS) - Math.ceil((ROUNDS * i) / SESSIONS);
        sessions.push(await session(clients, benchCase, count, i % 2));
      }
      const all = (side: Side, what: 'rate' | 'cpu') => sessions.flatMap((one) => one[side][what]);
      const ratios = sessions.map((one) => pairedRatios(one.ziggurat.rate, one.plain.rate, true));
      const cpuRatios = sessions.map((one) => pairedRatios(one.ziggurat.cpu, one.plain.cpu, false));
      report(
        benchCase.name,
        median(all('plain', 'rate')),
        median(all('ziggurat', 'rate')),
        'req/s',
        ratioText(ratios),
      );
      if (benchCase.plainIs && !AA) console.log(`  (here "plain" is ${benchCase.plainIs})`);
      report(
        '  server CPU per request',
        median(all('plain', 'cpu')),
        median(all('ziggurat', 'cpu')),
        'µs',
        ratioText(cpuRatios),
      );
      const bySession = ratios.map((one) => trimmedGeoMean(one).toFixed(3)).join(', ');
      console.log(
        `  by session: ${bySession}; rounds: ${ratios
          .flat()
          .map((r) => r.toFixed(2))
          .join(' ')}`,
      );
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
    report(`start-up, ${count} routes`, plain, ziggurat, 'ms', `${(ziggurat / plain).toFixed(3)}× the time`);
  }
}

const where = PLACEMENT
  ? `both servers on CPU ${PLACEMENT.servers}, the load clients on CPU ${PLACEMENT.clients}`
  : 'processes placed by the scheduler (BENCH_PIN=0, one CPU, or no taskset)';
console.log(
  `${AA ? 'Plain Fastify against itself (A/A: the noise floor)' : 'Ziggurat vs plain Fastify'}: both servers loaded at once, ${where}, ` +
    `${ROUNDS} rounds of ${SECONDS}s over ${SESSIONS} fresh pairs of servers (each warmed up for ${WARMUP_SECONDS}s), ` +
    `${CONNECTIONS} connections each. Ratios: ` +
    `throughput and CPU as ${AA ? 'second/first' : 'ziggurat/plain'} speed (1 = as fast), the geometric mean of the rounds' ` +
    `ratios without the ${TRIM * 100} % highest and lowest, with a 95 % bootstrap interval; start-up as time.`,
);
// BENCH_ONLY: 'throughput' or 'startup' to run one part, 'large' for the large-app cases of the
// start-up part, or part of a case's name to run that case.
const only = process.env.BENCH_ONLY ?? '';
const selected = ['', 'throughput', 'startup'].includes(only)
  ? THROUGHPUT_CASES
  : THROUGHPUT_CASES.filter((benchCase) => benchCase.name.includes(only));
if (only !== 'startup' && only !== 'large') await throughput(selected);
if ((only === '' || only === 'startup') && !AA) await startup();
if ((only === '' || only === 'startup' || only === 'large') && !AA) await largeApps(STARTUP_REPEATS, report);
