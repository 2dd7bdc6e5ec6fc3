import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Build, THROUGHPUT_CASES } from '../../bench/cases.js';
import { PEER_CASES } from '../../bench/peers.js';

/** Start a side, ask it for `path`, stop it: the status, the content type's media type, and the body. */
async function answer(build: Build, path: string, headers: Record<string, string> = {}) {
  const app = await build();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    const type = response.headers.get('content-type')?.split(';')[0];
    return { status: response.status, type, body: await response.text() };
  } finally {
    const closable = app as unknown as { close?: () => Promise<unknown> };
    if (closable.close) await closable.close();
    else (app.server as unknown as { close(): void }).close();
  }
}

describe('the bench compares like with like', () => {
  for (const benchCase of THROUGHPUT_CASES) {
    it(`${benchCase.name}: both sides answer the same`, async () => {
      const plain = await answer(benchCase.plain, benchCase.path, benchCase.headers);
      const ziggurat = await answer(benchCase.ziggurat, benchCase.path, benchCase.headers);
      assert.equal(plain.status, 200);
      assert.deepEqual(ziggurat, plain);
    });
  }

  for (const peerCase of PEER_CASES) {
    it(`${peerCase.name}: the peer answers as plain Fastify does`, async () => {
      const plain = await answer(peerCase.plain, peerCase.path);
      const peer = await answer(peerCase.other, peerCase.path);
      assert.equal(plain.status, 200);
      assert.deepEqual(peer, plain);
    });
  }

  it('the peers look resources up by hand as plain Fastify does: a missing one is a 404', async () => {
    for (const peerCase of PEER_CASES.filter((c) => c.path === '/a3/b3/c3/d3/e3')) {
      const plain = await answer(peerCase.plain, '/a3/b3/nothing');
      const peer = await answer(peerCase.other, '/a3/b3/nothing');
      assert.equal(plain.status, 404);
      assert.deepEqual(peer, plain, peerCase.name);
    }
  });
});
