// Requests written byte for byte on a socket (what HTTP clients never send: several Host headers,
// none at all, dot segments), for tests against a listening app; the answer comes back parsed.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** A response as it came over the wire. */
export interface RawAnswer {
  status: number;
  /** The reason phrase of the status line (`See Other`). */
  reason: string;
  /** Header names lower-cased; a repeated header's values joined with ', '. */
  headers: Record<string, string>;
  body: string;
  /** The whole response, for messages. */
  raw: string;
}

/** Listen on a free port of 127.0.0.1; returns the port. */
export async function listenLocally(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

function parse(raw: string): RawAnswer {
  const split = raw.indexOf('\r\n\r\n');
  const head = split === -1 ? raw : raw.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
  assert.ok(match, `a status line: ${JSON.stringify(raw.slice(0, 200))}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return {
    status: Number(match[1]),
    reason: match[2] ?? '',
    headers,
    body: split === -1 ? '' : raw.slice(split + 4),
    raw,
  };
}

/**
 * Send `head` (the request line and headers, lines joined with CRLF, without the blank line that
 * ends them) to 127.0.0.1:`port` and read until the server closes; fails after `timeoutMs`.
 * Add `Connection: close` to HTTP/1.1 requests, or the server keeps the connection open.
 */
export function rawHttp(port: number, head: string, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${head}\r\n\r\n`));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms to ${JSON.stringify(head)}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parse(Buffer.concat(chunks).toString('latin1')));
      } catch (error) {
        reject(error);
      }
    });
  });
}
