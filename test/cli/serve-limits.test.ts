// `ziggurat serve` applies [server] timeouts, body_limit and trust_proxy: checked over real sockets.
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CliProcess, serverAppSettings, settingsDir, within } from './helpers.js';

/**
 * Send `head` at once, then `trickle` one byte every `everyMs`; resolves with what the server answered
 * and how long it took to close the connection (or gives up after 15 s).
 */
function trickle(url: string, head: string, trickle: string, everyMs: number) {
  const { hostname, port } = new URL(url);
  return within(
    new Promise<{ answer: string; ms: number; sent: number }>((resolve) => {
      const started = Date.now();
      const socket = connect(Number(port), hostname);
      let answer = '';
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++] ?? '');
      }, everyMs);
      socket.on('data', (chunk) => (answer += chunk));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ answer, ms: Date.now() - started, sent });
      });
      socket.write(head);
    }),
    15_000,
    'the trickling request',
  );
}

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: false, headers }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get(url, { agent: false, headers }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      })
      .on('error', reject);
  });
}

describe('ziggurat serve: [server] timeouts and body_limit', () => {
  let server: CliProcess;
  let url: string;

  before(async () => {
    const settings = serverAppSettings(
      '',
      'request_timeout = 1\nheaders_timeout = 0.5\nkeep_alive_timeout = 2\nbody_limit = 100',
    );
    server = new CliProcess(['serve'], { cwd: settingsDir(settings).dir });
    url = await server.url();
  });

  after(async () => {
    await server.kill();
  });

  it('cuts off a body trickling one byte at a time with 408 after request_timeout', {
    timeout: 30_000,
  }, async () => {
    const head = `POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n`;
    const result = await trickle(url, head, 'x'.repeat(40), 250);
    assert.match(result.answer, /^HTTP\/1\.1 408 /);
    assert.ok(result.sent < 40, `the connection was cut before the body was complete (${result.sent} bytes)`);
  });

  it('cuts off headers trickling in with 408 after headers_timeout', { timeout: 30_000 }, async () => {
    const result = await trickle(
      url,
      'GET /busy HTTP/1.1\r\n',
      'Host: localhost\r\nX-Slow: 1234567890\r\n\r\n',
      100,
    );
    assert.match(result.answer, /^HTTP\/1\.1 408 /);
    assert.ok(
      result.sent < 30,
      `the connection was cut before the headers were complete (${result.sent} bytes)`,
    );
  });

  it('answers 413 to a body over body_limit, declared or chunked, and takes one at the limit', async () => {
    const json = { 'content-type': 'text/plain' };
    assert.deepEqual(await post(`${url}/echo`, 'x'.repeat(100), json), {
      status: 200,
      body: '{"received":100}',
    });
    assert.equal((await post(`${url}/echo`, 'x'.repeat(101), json)).status, 413);
    const chunked = await post(`${url}/echo`, 'x'.repeat(500), { ...json, 'transfer-encoding': 'chunked' });
    assert.equal(chunked.status, 413);
    assert.equal((await get(`${url}/busy`)).body, 'done', 'the server still serves');
  });
});

describe('ziggurat serve: [server] trust_proxy', () => {
  async function schemeBehind(trust: string, env: NodeJS.ProcessEnv = {}) {
    const settings = serverAppSettings('', trust === '' ? '' : `trust_proxy = ${trust}`);
    const server = new CliProcess(['serve'], { cwd: settingsDir(settings).dir, env });
    try {
      const url = await server.url();
      const answer = await get(`${url}/scheme`, { 'x-forwarded-proto': 'https' });
      return JSON.parse(answer.body).scheme as string;
    } finally {
      await server.kill();
    }
  }

  it('follows X-Forwarded-Proto from a trusted address only', { timeout: 60_000 }, async () => {
    assert.equal(await schemeBehind('127.0.0.1'), 'https');
    assert.equal(await schemeBehind('127.0.0.0/8, ::1'), 'https');
    assert.equal(await schemeBehind('10.0.0.1'), 'http', 'the client is not the trusted proxy');
    assert.equal(await schemeBehind(''), 'http', 'no trust_proxy: no proxy is trusted');
    assert.equal(
      await schemeBehind('10.0.0.1', { TRUST_PROXY: 'loopback' }),
      'https',
      'TRUST_PROXY overrides',
    );
  });
});
