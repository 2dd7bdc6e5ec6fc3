// A redis-server of the test's own on a free port, which fault tests stop, pause and start again.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

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

const running = new Set<ChildProcess>();
// Never leave a server behind, even when a test run dies.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A private redis-server (no persistence: a restart starts empty).
 * @example const redis = await PrivateRedis.start(); await redis.stop(); await redis.restart();
 */
export class PrivateRedis {
  readonly port: number;
  #child: ChildProcess | null = null;

  private constructor(port: number) {
    this.port = port;
  }

  /** Start one on a free port. */
  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Start it again on the same port (after stop), waiting until it answers. */
  async restart(): Promise<void> {
    if (this.#child !== null) return;
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    child.on('error', () => {});
    this.#child = child;
    running.add(child);
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await answersPing(this.url)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.stop();
    throw new Error('These tests need redis-server (apt-get install redis-server); it did not start');
  }

  /** Stop it (its data is lost), waiting until the process is gone and the port refuses connections. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    this.#child = null;
    running.delete(child);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }

  /** Freeze it (SIGSTOP): connections stay open but nothing is answered, as on a hung server. */
  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  /** Thaw it after pause(). */
  resume(): void {
    this.#child?.kill('SIGCONT');
  }
}
