// WebSocket views on the Redis broadcaster (`realtime.redis`): two app processes on one Redis; a client
// with a socket open on one receives what the other publishes, whether from an HTTP view or from a
// socket of its own.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { connectWebSocket, type TestWebSocket } from '../../lib/testing/index.js';
import { redisUrl, stopRedis } from '../redis.js';
import { type AppProcess, startAppProcess, stopAppProcess } from './app-process.js';

const children: ChildProcess[] = [];
const startProcess = (url: string) => startAppProcess('websocket-redis-process.js', url, children);
const stopProcess = stopAppProcess;

/**
 * A socket in `room` of another process's app, once that process has subscribed it. connectWebSocket
 * takes an app: a listening stand-in gives it the other process's port.
 */
async function joinRoom(app: AppProcess, room: string, timeout = 10_000): Promise<TestWebSocket> {
  const stand = {
    server: { listening: true, address: () => ({ port: app.port, address: '127.0.0.1', family: 'IPv4' }) },
  };
  const socket = await connectWebSocket(stand as never, `/room/${room}`, { timeout });
  assert.deepEqual(await socket.nextJson(), { ready: app.child.pid });
  return socket;
}

describe('WebSocket views on Redis: across processes', () => {
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    stopRedis();
  });

  it('a socket open on one process receives what another process publishes from a view', async () => {
    const url = await redisUrl();
    const [first, second] = await Promise.all([startProcess(url), startProcess(url)]);
    const room = `news-${randomUUID()}`;
    const socket = await joinRoom(first, room);
    const response = await fetch(`http://127.0.0.1:${second.port}/publish/${room}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ headline: 'from the other process' }),
    });
    assert.equal(response.status, 204);
    assert.deepEqual(await socket.nextJson(), {
      message: { posted: { headline: 'from the other process' }, publishedBy: second.child.pid },
      deliveredBy: first.child.pid,
    });
    await socket.close();
    await Promise.all([stopProcess(first), stopProcess(second)]);
  });

  it('what a socket on one process says reaches the sockets of the same room on both', async () => {
    const url = await redisUrl();
    const [first, second] = await Promise.all([startProcess(url), startProcess(url)]);
    const room = `chat-${randomUUID()}`;
    const [alice, bob] = await Promise.all([joinRoom(first, room), joinRoom(second, room)]);
    // A socket of another room, on a process the messages reach, waits half a second for nothing.
    const elsewhere = await joinRoom(second, `other-${randomUUID()}`, 500);
    alice.sendJson({ text: 'hello from the first process' });
    const said = { said: { text: 'hello from the first process' }, publishedBy: first.child.pid };
    assert.deepEqual(await bob.nextJson(), { message: said, deliveredBy: second.child.pid });
    assert.deepEqual(await alice.nextJson(), { message: said, deliveredBy: first.child.pid });
    bob.sendJson({ text: 'and back' });
    const back = { said: { text: 'and back' }, publishedBy: second.child.pid };
    assert.deepEqual(await alice.nextJson(), { message: back, deliveredBy: first.child.pid });
    assert.deepEqual(await bob.nextJson(), { message: back, deliveredBy: second.child.pid });
    await assert.rejects(elsewhere.nextMessage());
    await Promise.all([alice.close(), bob.close(), elsewhere.close()]);
    await Promise.all([stopProcess(first), stopProcess(second)]);
  });
});
