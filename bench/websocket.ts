// The WebSocket scale part of the bench: Ziggurat's WebSocket views against a plain @fastify/websocket
// server. Memory: each side in a fresh process holds BENCH_WS_CONNECTIONS (10,000) idle sockets; the
// growth of its RSS and heap, spread over them, is the cost per connection. Broadcast: each side holds
// BENCH_WS_AUDIENCE (1,000) sockets, and one POST publishes a message to all of them; the time runs until
// the last has received it. Servers and the client are separate processes, so client memory is not counted.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Placement } from './placement.js';
import { pin } from './placement.js';
import { median, trimmedGeoMean } from './stats.js';
import type { ClientOrder } from './websocket-client.js';
import { type DescriptorPlan, descriptorPlan, openFilesLimit, perConnection } from './websocket-limits.js';
import type { ServerMemory, ServerQuestion } from './websocket-server.js';

const SERVER = fileURLToPath(new URL('./websocket-server.js', import.meta.url));
const CLIENT = fileURLToPath(new URL('./websocket-client.js', import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_WS_CONNECTIONS ?? 10_000);
const AUDIENCE = Number(process.env.BENCH_WS_AUDIENCE ?? 1_000);
/** Fresh servers per side for the memory measure (the median is reported). */
const MEMORY_REPEATS = Number(process.env.BENCH_WS_REPEATS ?? 3);
const BROADCASTS = Number(process.env.BENCH_WS_BROADCASTS ?? 60);
const WARMUP_BROADCASTS = 10;
/** Longest wait for any one answer of a child: beyond it the bench fails instead of hanging. */
const ANSWER_TIMEOUT_MS = 180_000;
const KB = 1024;
/** BENCH_NODE_FLAGS: Node options for the servers (as for the throughput part), e.g. a CPU profile. */
const SERVER_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter((flag) => flag !== '');

type Side = 'plain' | 'ziggurat';
const SIDES: readonly Side[] = ['plain', 'ziggurat'];
type Report = (name: string, plain: number, ziggurat: number, unit: string, ratio: string) => void;

/** Start a bench child, through `ulimit -n` when its soft limit on open files must be raised first. */
function startChild(script: string, args: string[], execArgv: string[], plan: DescriptorPlan): ChildProcess {
  const stdio: ['ignore', 'inherit', 'inherit', 'ipc'] = ['ignore', 'inherit', 'inherit', 'ipc'];
  if (plan.kind !== 'raise') return fork(script, args, { execArgv, stdio });
  const command = [process.execPath, ...execArgv, script, ...args];
  return spawn('/bin/sh', ['-c', `ulimit -n ${plan.raiseTo} && exec "$0" "$@"`, ...command], { stdio });
}

/** The child's next message, or a clear failure when it exits or says nothing for too long. */
function nextMessage<T>(proc: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      done();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`the WebSocket bench's ${what} exited (${code}) before answering`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the WebSocket bench's ${what} gave no answer in ${ANSWER_TIMEOUT_MS / 1000} s`));
    }, ANSWER_TIMEOUT_MS);
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  });
}

async function ask<T>(proc: ChildProcess, question: ServerQuestion | ClientOrder, what: string): Promise<T> {
  const answer = nextMessage<T & { ok?: boolean; failure?: string }>(proc, what);
  proc.send(question);
  const result = await answer;
  if (result.ok === false) throw new Error(`WebSocket bench: ${result.failure}`);
  return result;
}

class Bench {
  readonly #plan: DescriptorPlan;
  readonly #placement: Placement | null;
  readonly #children = new Set<ChildProcess>();

  constructor(plan: DescriptorPlan, placement: Placement | null) {
    this.#plan = plan;
    this.#placement = placement;
  }

  async server(side: Side): Promise<{ proc: ChildProcess; port: number }> {
    const proc = startChild(SERVER, [side], ['--expose-gc', ...SERVER_FLAGS], this.#plan);
    this.#children.add(proc);
    const { port } = await nextMessage<{ port: number }>(proc, `${side} server`);
    if (this.#placement) pin(proc.pid, this.#placement.servers);
    return { proc, port };
  }

  async client(): Promise<ChildProcess> {
    const proc = startChild(CLIENT, [], [], this.#plan);
    this.#children.add(proc);
    await nextMessage(proc, 'client');
    if (this.#placement) pin(proc.pid, this.#placement.clients);
    return proc;
  }

  stop(proc: ChildProcess): void {
    this.#children.delete(proc);
    proc.kill();
  }

  stopAll(): void {
    for (const proc of this.#children) proc.kill();
    this.#children.clear();
  }
}

/** Wait until a server counts `expected` open sockets (the client's handshakes can finish first). */
async function settle(server: ChildProcess, expected: number, side: Side): Promise<void> {
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  for (;;) {
    const { open } = await ask<{ open: number }>(server, { type: 'count' }, `${side} server`);
    if (open === expected) return;
    if (Date.now() > deadline) throw new Error(`the ${side} server holds ${open} sockets, not ${expected}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface MemoryRun {
  readonly rss: number;
  readonly heap: number;
  readonly openMs: number;
}

/** One fresh server of `side` holding CONNECTIONS idle sockets: its growth per connection, and the time to open them. */
async function memoryRun(bench: Bench, client: ChildProcess, side: Side): Promise<MemoryRun> {
  const server = await bench.server(side);
  try {
    const before = await ask<ServerMemory>(server.proc, { type: 'memory' }, `${side} server`);
    const group = `memory-${side}`;
    const order: ClientOrder = { type: 'open', group, port: server.port, count: CONNECTIONS };
    const { ms } = await ask<{ ms: number }>(client, order, 'client');
    await settle(server.proc, CONNECTIONS, side);
    const after = await ask<ServerMemory>(server.proc, { type: 'memory' }, `${side} server`);
    const snapshots = process.env.BENCH_SNAPSHOT;
    if (snapshots) {
      const path = join(snapshots, `websocket-${side}-${CONNECTIONS}.heapsnapshot`);
      await ask(server.proc, { type: 'snapshot', path }, `${side} server`);
    }
    await ask(client, { type: 'close', group }, 'client');
    return {
      rss: perConnection(before.rss, after.rss, CONNECTIONS),
      heap: perConnection(before.heapUsed, after.heapUsed, CONNECTIONS),
      openMs: ms,
    };
  } finally {
    bench.stop(server.proc);
  }
}

async function memory(bench: Bench, client: ChildProcess, report: Report): Promise<void> {
  const runs: Record<Side, MemoryRun[]> = { plain: [], ziggurat: [] };
  for (let repeat = 0; repeat < MEMORY_REPEATS; repeat++) {
    const order = repeat % 2 === 0 ? SIDES : [...SIDES].reverse();
    for (const side of order) runs[side].push(await memoryRun(bench, client, side));
  }
  const of = (side: Side, what: keyof MemoryRun) => median(runs[side].map((run) => run[what]));
  const ratio = (what: keyof MemoryRun, noun: string) =>
    `${(of('ziggurat', what) / of('plain', what)).toFixed(3)}× the ${noun}`;
  const count = CONNECTIONS.toLocaleString('en');
  console.log(`WebSocket views against plain @fastify/websocket, ${count} idle connections:`);
  report(
    '  RSS per connection',
    of('plain', 'rss') / KB,
    of('ziggurat', 'rss') / KB,
    'KB',
    ratio('rss', 'RSS (goal ≤ 1.2×)'),
  );
  report(
    '  heap per connection',
    of('plain', 'heap') / KB,
    of('ziggurat', 'heap') / KB,
    'KB',
    ratio('heap', 'heap'),
  );
  report(
    '  time to open them',
    of('plain', 'openMs'),
    of('ziggurat', 'openMs'),
    'ms',
    ratio('openMs', 'time'),
  );
}

/** Both servers hold AUDIENCE sockets; broadcasts alternate between them, so both see the same machine. */
async function broadcast(bench: Bench, client: ChildProcess, report: Report): Promise<void> {
  const servers = { plain: await bench.server('plain'), ziggurat: await bench.server('ziggurat') };
  try {
    for (const side of SIDES) {
      const order: ClientOrder = { type: 'open', group: side, port: servers[side].port, count: AUDIENCE };
      await ask(client, order, 'client');
      await settle(servers[side].proc, AUDIENCE, side);
    }
    const times: Record<Side, number[]> = { plain: [], ziggurat: [] };
    for (let round = 0; round < WARMUP_BROADCASTS + BROADCASTS; round++) {
      const order = round % 2 === 0 ? SIDES : [...SIDES].reverse();
      for (const side of order) {
        const publish: ClientOrder = { type: 'broadcast', group: side, port: servers[side].port };
        const { ms } = await ask<{ ms: number }>(client, publish, 'client');
        if (round >= WARMUP_BROADCASTS) times[side].push(ms);
      }
    }
    for (const side of SIDES) await ask(client, { type: 'close', group: side }, 'client');
    const ratios = times.ziggurat.map((ms, i) => ms / (times.plain[i] as number));
    report(
      `  broadcast to ${AUDIENCE.toLocaleString('en')}`,
      median(times.plain),
      median(times.ziggurat),
      'ms',
      `${trimmedGeoMean(ratios).toFixed(3)}× the time (goal ≤ 1.1×; median ratio ${median(ratios).toFixed(3)})`,
    );
  } finally {
    bench.stop(servers.plain.proc);
    bench.stop(servers.ziggurat.proc);
  }
}

/**
 * Run the WebSocket part: memory per idle connection and the time to open them, then the broadcast
 * time. Fails at once, with what to do, when this machine's limit on open files is too low.
 */
export async function webSocketScale(report: Report, placement: Placement | null): Promise<void> {
  const plan = descriptorPlan(openFilesLimit(), Math.max(CONNECTIONS, 2 * AUDIENCE));
  if (plan.kind === 'too-low') throw new Error(plan.message);
  const bench = new Bench(plan, placement);
  try {
    const client = await bench.client();
    await memory(bench, client, report);
    await broadcast(bench, client, report);
  } finally {
    bench.stopAll();
  }
}
