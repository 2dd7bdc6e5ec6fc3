// Finds the Redis on 127.0.0.1:6379, or starts a private redis-server for this test run.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

let started: ChildProcess | null = null;

async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A TCP port nothing listens on now (for a server a test starts, stops and starts again). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function startRedis(): Promise<string> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  child.on('error', () => {});
  started = child;
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answersPing(url)) return url;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(
    'These tests need Redis: none answers on 127.0.0.1:6379 and redis-server could not be started ' +
      '(install it, e.g. apt-get install redis-server, or start one on 127.0.0.1:6379)',
  );
}

/** The URL of a Redis these tests may use. */
export async function redisUrl(): Promise<string> {
  const standard = 'redis://127.0.0.1:6379';
  return (await answersPing(standard)) ? standard : startRedis();
}

/** Stop the redis-server this run started, if any. */
export function stopRedis(): void {
  started?.kill();
  started = null;
}
