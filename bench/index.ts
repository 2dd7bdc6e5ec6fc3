// `npm run bench`: Ziggurat against plain Fastify doing the same work, loaded side by side, under
// two load clients (wrk when installed, and autocannon); then two peers against plain Fastify; start-up;
// then WebSocket views holding many idle connections and broadcasting (websocket.ts).
// Servers and load clients run in child processes; each round loads both servers at the same time.
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { THROUGHPUT_CASES } from './cases.js';
import { largeApps } from './large.js';
import type { ClientName, LoadOrder, LoadResult } from './load.js';
import { PEER_CASES } from './peers.js';
import { pin, placement } from './placement.js';
import { bootstrapInterval, median, TRIM, trimmedGeoMean } from './stats.js';
import { type Contest, type ResultRow, summaryTable } from './summary.js';
import { webSocketScale } from './websocket.js';
import { hasWrk } from './wrk.js';

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
/**
 * BENCH_BASE=<another checkout, built>: each case's Ziggurat against that checkout's Ziggurat in
 * place of plain Fastify, to see what a change did (peers and start-up are left out).
 */
const BASE = baseServer(process.env.BENCH_BASE);
const STARTUP_COUNTS = [1_000, 10_000];
const STARTUP_REPEATS = Number(process.env.BENCH_STARTUP_REPEATS ?? 5);
const PLACEMENT = placement();
/**
 * BENCH_NODE_FLAGS: Node options for the throughput servers, e.g. `--cpu-prof --cpu-prof-dir=prof`
 * or `--trace-gc`, to see where each side's time goes under load (each server then counts its
 * requests and prints the count, with its pid, when it stops).
 */
const SERVER_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter((flag) => flag !== '');

type Side = 'plain' | 'ziggurat';
const SIDES: readonly Side[] = ['plain', 'ziggurat'];
/** The two halves of a throughput contest: plain Fastify, and Ziggurat or a peer. */
type Half = 'plain' | 'other';
const HALVES: readonly Half[] = ['plain', 'other'];

/**
 * The load clients: wrk (a C client, which keeps the servers busier than a Node client can) when
 * installed, and autocannon always; BENCH_CLIENTS=wrk or =autocannon runs one.
 */
function loadClients(): ClientName[] {
  const wanted = (process.env.BENCH_CLIENTS ?? 'wrk,autocannon').split(',').map((name) => name.trim());
  const clients = (['wrk', 'autocannon'] as const).filter((name) => wanted.includes(name));
  if (!clients.includes('wrk') || hasWrk()) return clients;
  console.log('wrk is not installed (apt-get install wrk): autocannon only.');
  return clients.filter((name) => name !== 'wrk');
}
const CLIENTS = loadClients();

/** The script and side a half runs: under BENCH_BASE a case's plain half is the base checkout's Ziggurat. */
function serverOf(contest: Contest, side: string): [string, string] {
  if (BASE !== null && side === 'plain' && contest.sides.other === 'ziggurat') return [BASE, 'ziggurat'];
  return [SERVER, side];
}

/** The server script of the BENCH_BASE checkout (null without one); it must have been built. */
function baseServer(checkout: string | undefined): string | null {
  if (checkout === undefined || checkout === '') return null;
  const script = resolve(checkout, 'build', 'bench', 'server.js');
  if (!existsSync(script)) {
    console.error(
      `BENCH_BASE: ${script} does not exist; build that checkout first (npx tsc -p tsconfig.json).`,
    );
    process.exit(2);
  }
  return script;
}

interface Child {
  readonly proc: ChildProcess;
  readonly message: Record<string, number>;
}

function child(path: string, args: string[], execArgv?: string[]): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = fork(path, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
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
async function load(
  client: Child,
  server: Child,
  contest: Contest,
  how: ClientName,
  seconds: number,
  half: Half,
) {
  const order: LoadOrder = {
    client: how,
    url: `http://127.0.0.1:${server.message.port ?? 0}${contest.path}`,
    seconds,
    connections: contest.connections ?? CONNECTIONS,
    ...(contest.method ? { method: contest.method } : {}),
    ...(contest.headers ? { headers: contest.headers } : {}),
    ...(contest.body === undefined ? {} : { body: contest.body }),
  };
  const result = await ask<LoadResult>(client.proc, order);
  // Name the server that failed: the plain one, or Ziggurat (or the peer).
  const which = `${contest.path} (${how}, ${half === 'plain' ? 'plain' : contest.label} server)`;
  if (result.failure !== undefined) throw new Error(`${which}: ${result.failure}`);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${which}: ${result.non2xx} non-2xx, ${result.errors} errors`);
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
  contest: Contest,
  how: ClientName,
  seconds: number,
  flip: boolean,
) {
  const before = await Promise.all(servers.map(cpuOf));
  // The clients swap servers every other round (which also swaps who is told first): one client
  // process can come out of its JIT faster than the other, and it would otherwise favour one side.
  const results = await Promise.all(
    servers.map((server, i) =>
      load(clients[flip ? 1 - i : i] as Child, server, contest, how, seconds, HALVES[i] as Half),
    ),
  );
  const after = await Promise.all(servers.map(cpuOf));
  return results.map((result, i) => ({
    perSecond: result.perSecond,
    cpuPerRequest: ((after[i] as number) - (before[i] as number)) / result.total,
  }));
}

function report(
  name: string,
  plain: number,
  other: number,
  unit: string,
  ratio: string,
  label = 'ziggurat',
): void {
  const fmt = (n: number) => n.toFixed(unit === 'req/s' ? 0 : 1).padStart(9);
  console.log(
    `${name.padEnd(26)} plain ${fmt(plain)} ${unit.padEnd(5)} ${label} ${fmt(other)} ${unit.padEnd(5)} ratio ${ratio}`,
  );
}

/** The ratio of a case's rounds (grouped by session) and its 95 % interval. */
function ratioOf(sessions: readonly (readonly number[])[]): { ratio: number; low: number; high: number } {
  const [low, high] = bootstrapInterval(sessions);
  return { ratio: trimmedGeoMean(sessions.flat()), low, high };
}

function ratioText({ ratio, low, high }: { ratio: number; low: number; high: number }): string {
  return `${ratio.toFixed(3)} (95 % ${low.toFixed(3)}–${high.toFixed(3)})`;
}

/** One session's rounds, per client: each side's throughput and CPU time per request, round by round. */
type Measurements = Record<Half, { rate: number[]; cpu: number[] }>;
type ByClient = Partial<Record<ClientName, Measurements>>;

function emptyMeasurements(): ByClient {
  return Object.fromEntries(
    CLIENTS.map((name) => [name, { plain: { rate: [], cpu: [] }, other: { rate: [], cpu: [] } }]),
  );
}

/**
 * One session: a fresh pair of servers, warmed up, then `count` rounds under each client, the
 * clients taking turns round by round. Each session starts new processes because a process's JIT
 * can land a few per cent faster or slower than the next one's.
 */
async function session(
  clients: readonly Child[],
  contest: Contest,
  count: number,
  first: number,
): Promise<ByClient> {
  const into = emptyMeasurements();
  const sides = HALVES.map((half) => (AA ? 'plain' : contest.sides[half]));
  // Start the two servers in turn, each first in every other session, in case going first matters.
  const servers: Child[] = [];
  const order = first === 0 ? [0, 1] : [1, 0];
  for (const i of order) {
    const [script, side] = serverOf(contest, sides[i] as string);
    servers[i] = await child(script, ['serve', contest.name, side], SERVER_FLAGS);
    if (PLACEMENT) pin(servers[i]?.proc.pid, PLACEMENT.servers);
  }
  try {
    // Warm both servers up first (under each client), so the JIT has compiled each side's hot path
    // before anything counts.
    for (const how of CLIENTS) await round(servers, clients, contest, how, WARMUP_SECONDS, false);
    for (let i = 0; i < count; i++) {
      for (const how of CLIENTS) {
        const measured = await round(servers, clients, contest, how, SECONDS, i % 2 === 1);
        measured.forEach((side, s) => {
          const sideInto = (into[how] as Measurements)[HALVES[s] as Half];
          sideInto.rate.push(side.perSecond);
          sideInto.cpu.push(side.cpuPerRequest);
        });
      }
    }
  } finally {
    for (const server of servers) server.proc.kill();
  }
  return into;
}

/** Each round's ratio: its two measurements ran at the same time. */
function pairedRatios(other: readonly number[], plain: readonly number[], higherIsFaster: boolean) {
  return other.map((value, i) => {
    const base = plain[i] as number;
    return higherIsFaster ? value / base : base / value;
  });
}

/** Print one client's results for a case, and return them as a row of the summary table. */
function reportClient(contest: Contest, how: ClientName, sessions: readonly Measurements[]): ResultRow {
  const all = (side: Half, what: 'rate' | 'cpu') => sessions.flatMap((one) => one[side][what]);
  const ratios = sessions.map((one) => pairedRatios(one.other.rate, one.plain.rate, true));
  const cpuRatios = sessions.map((one) => pairedRatios(one.other.cpu, one.plain.cpu, false));
  const label = AA ? 'plain' : contest.label;
  const row: ResultRow = {
    contest,
    client: how,
    plain: { rate: median(all('plain', 'rate')), cpu: median(all('plain', 'cpu')) },
    other: { rate: median(all('other', 'rate')), cpu: median(all('other', 'cpu')) },
    speed: ratioOf(ratios),
    cpu: ratioOf(cpuRatios),
  };
  report(`  ${how}`, row.plain.rate, row.other.rate, 'req/s', ratioText(row.speed), label);
  report('    server CPU per request', row.plain.cpu, row.other.cpu, 'µs', ratioText(row.cpu), label);
  const bySession = ratios.map((one) => trimmedGeoMean(one).toFixed(3)).join(', ');
  console.log(
    `    by session: ${bySession}; rounds: ${ratios
      .flat()
      .map((r) => r.toFixed(2))
      .join(' ')}`,
  );
  return row;
}

async function throughput(contests: readonly Contest[]): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  if (contests.length === 0) return rows;
  const clients = await Promise.all(HALVES.map(() => child(LOADER, [])));
  if (PLACEMENT) for (const client of clients) pin(client.proc.pid, PLACEMENT.clients);
  try {
    for (const contest of contests) {
      const sessions: ByClient[] = [];
      for (let i = 0; i < SESSIONS; i++) {
        const count = Math.ceil((ROUNDS * (i + 1)) / SESSIONS) - Math.ceil((ROUNDS * i) / SESSIONS);
        sessions.push(await session(clients, contest, count, i % 2));
      }
      const plainIs =
        BASE !== null
          ? ` (here "plain" is the Ziggurat of ${process.env.BENCH_BASE})`
          : contest.plainIs && !AA
            ? ` (here "plain" is ${contest.plainIs})`
            : '';
      console.log(
        contest.name + plainIs + (contest.connections ? `, ${contest.connections} connections` : ''),
      );
      for (const how of CLIENTS) {
        rows.push(
          reportClient(
            contest,
            how,
            sessions.map((one) => one[how] as Measurements),
          ),
        );
      }
    }
  } finally {
    for (const client of clients) client.proc.kill();
  }
  return rows;
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
  `${AA ? 'Plain Fastify against itself (A/A: the noise floor)' : BASE !== null ? `Ziggurat vs the Ziggurat of ${process.env.BENCH_BASE} (A/B)` : 'Ziggurat vs plain Fastify'}: both servers loaded at once, ${where}, ` +
    `under ${CLIENTS.join(' and ')} (taking turns round by round), ` +
    `${ROUNDS} rounds of ${SECONDS}s per client over ${SESSIONS} fresh pairs of servers (each warmed up for ${WARMUP_SECONDS}s per client), ` +
    `${CONNECTIONS} connections each. Ratios: ` +
    `throughput and CPU as ${AA ? 'second/first' : 'ziggurat/plain'} speed (1 = as fast), the geometric mean of the rounds' ` +
    `ratios without the ${TRIM * 100} % highest and lowest, with a 95 % bootstrap interval; start-up as time.`,
);

// A case's request as it is; its two builders stay with the server children.
const CASE_CONTESTS: readonly Contest[] = THROUGHPUT_CASES.map(({ plain, ziggurat, ...request }) => ({
  ...request,
  label: 'ziggurat',
  sides: { plain: 'plain', other: 'ziggurat' },
}));
const PEER_CONTESTS: readonly Contest[] = PEER_CASES.map((peerCase) => ({
  name: peerCase.name,
  path: peerCase.path,
  label: peerCase.peer,
  sides: { plain: 'plain', other: 'other' },
  sameAs: peerCase.sameAs,
}));

// BENCH_ONLY: 'throughput', 'peers', 'startup' or 'websocket' to run one part, 'large' for the large-app
// cases of the start-up part, or part of a case's name to run that case.
const only = process.env.BENCH_ONLY ?? '';
const parts = ['', 'throughput', 'peers', 'startup', 'large', 'websocket'];
// A case named exactly runs alone ('hello JSON' is also part of the peers' names).
const exact = [...CASE_CONTESTS, ...PEER_CONTESTS].some((contest) => contest.name === only);
const named = (contests: readonly Contest[]) =>
  parts.includes(only)
    ? []
    : contests.filter((contest) => (exact ? contest.name === only : contest.name.includes(only)));
const cases = ['', 'throughput'].includes(only) ? CASE_CONTESTS : named(CASE_CONTESTS);
// Peers are plain Fastify's rivals, not Ziggurat's variants: an A/A run has nothing to learn from them.
// Nor an A/B run, which compares Ziggurat with itself.
const peers = AA || BASE !== null ? [] : ['', 'peers'].includes(only) ? PEER_CONTESTS : named(PEER_CONTESTS);
const caseRows = await throughput(cases);
if (peers.length > 0) console.log('\nPeers against plain Fastify, the same way:');
const peerRows = await throughput(peers);
const againstPlain = !AA && BASE === null;
if ((only === '' || only === 'startup') && againstPlain) await startup();
if ((only === '' || only === 'startup' || only === 'large') && againstPlain)
  await largeApps(STARTUP_REPEATS, report);
// Idle WebSockets held and a broadcast to many: memory per connection and time, against @fastify/websocket.
if ((only === '' || only === 'websocket') && againstPlain) await webSocketScale(report, PLACEMENT);
const columns = {
  plain: BASE !== null ? 'base Ziggurat' : 'plain Fastify',
  other: AA ? 'plain Fastify (again)' : 'Ziggurat',
};
if (caseRows.length + peerRows.length > 0) console.log(`\n${summaryTable(caseRows, peerRows, columns)}`);
