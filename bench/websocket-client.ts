// The client child of the WebSocket scale bench: holds groups of `ws` connections (its memory is not
// the servers'), opens them a few hundred at a time, and times a broadcast: from the POST that
// triggers it until the last socket of a group has received the message.
import { Agent, request as httpRequest } from 'node:http';
import WebSocket from 'ws';

/** What the parent asks; each answer is `{ ok: true, ... }` or `{ ok: false, failure }`. */
export type ClientOrder =
  | { type: 'open'; group: string; port: number; count: number }
  | { type: 'broadcast'; group: string; port: number }
  | { type: 'close'; group: string };

/** Connects in flight at once: enough to keep the server busy, few enough for its listen backlog. */
const IN_FLIGHT = 200;
const HANDSHAKE_TIMEOUT_MS = 15_000;
const BROADCAST_TIMEOUT_MS = 30_000;

const groups = new Map<string, WebSocket[]>();
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
let sequence = 0;

function connect(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/socket`, {
      perMessageDeflate: false,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`the upgrade was answered ${response.statusCode}`)),
    );
  });
}

/** Open `count` sockets, IN_FLIGHT at a time; resolves with the milliseconds it took. */
async function open(group: string, port: number, count: number): Promise<number> {
  const sockets: WebSocket[] = [];
  groups.set(group, sockets);
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      sockets.push(await connect(port));
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/publish',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

/** Publish one message to a group's server; resolves with the ms until its last socket received it. */
async function broadcast(group: string, port: number): Promise<number> {
  const sockets = groups.get(group) ?? [];
  const id = ++sequence;
  const body = JSON.stringify({ id, headline: 'FrontPage was changed', by: 'alice' });
  let waiting = sockets.length;
  const started = process.hrtime.bigint();
  const everyone = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `${waiting} of ${sockets.length} sockets had no broadcast after ${BROADCAST_TIMEOUT_MS} ms`,
          ),
        ),
      BROADCAST_TIMEOUT_MS,
    );
    for (const socket of sockets) {
      const listener = (data: WebSocket.RawData) => {
        if ((JSON.parse(String(data)) as { id: number }).id !== id) return;
        socket.off('message', listener);
        if (--waiting === 0) {
          clearTimeout(timer);
          resolve();
        }
      };
      socket.on('message', listener);
    }
  });
  const status = await post(port, body);
  if (status !== 204) throw new Error(`POST /publish was answered ${status}`);
  await everyone;
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function close(group: string): Promise<void> {
  const sockets = groups.get(group) ?? [];
  groups.delete(group);
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.terminate();
        }),
    ),
  );
}

async function obey(order: ClientOrder): Promise<Record<string, unknown>> {
  if (order.type === 'open') return { ms: await open(order.group, order.port, order.count) };
  if (order.type === 'broadcast') return { ms: await broadcast(order.group, order.port) };
  await close(order.group);
  return {};
}

process.on('message', (order: ClientOrder) => {
  obey(order).then(
    (answer) => process.send?.({ ok: true, ...answer }),
    (error: unknown) => process.send?.({ ok: false, failure: (error as Error).message }),
  );
});
process.send?.({ ready: true });
