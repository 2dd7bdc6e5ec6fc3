import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Build, jsonApi, THROUGHPUT_CASES, toolbarRecording } from '../../bench/cases.js';
import { PEER_CASES } from '../../bench/peers.js';

/** What a case sends besides its path. */
interface Sent {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** Start a side, send it `path`, stop it: the status, the content type's media type, and the body. */
async function answer(build: Build, path: string, sent: Sent = {}) {
  const app = await build();
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: sent.method ?? 'GET',
      headers: sent.headers ?? {},
      ...(sent.body === undefined ? {} : { body: sent.body }),
    });
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
      const plain = await answer(benchCase.plain, benchCase.path, benchCase);
      const ziggurat = await answer(benchCase.ziggurat, benchCase.path, benchCase);
      assert.equal(plain.status, benchCase.method === 'POST' ? 201 : 200);
      if (benchCase === toolbarRecording) {
        // The one difference this case measures: the recorded page carries the toolbar before </body>.
        assert.match(ziggurat.body, /<div id="zig-debug-toolbar"[\s\S]*<\/script><\/body>/);
        ziggurat.body = ziggurat.body.replace(/<div id="zig-debug-toolbar"[\s\S]*(?=<\/body>)/, '');
      }
      assert.deepEqual(ziggurat, plain);
    });
  }

  it('debug toolbar, other clients: the page carries no toolbar', async () => {
    const page = THROUGHPUT_CASES.find((benchCase) => benchCase.name === 'debug toolbar, other clients');
    assert.ok(page);
    assert.doesNotMatch((await answer(page.ziggurat, page.path)).body, /zig-debug-toolbar/);
  });

  for (const peerCase of PEER_CASES) {
    it(`${peerCase.name}: the peer answers as plain Fastify does`, async () => {
      const plain = await answer(peerCase.plain, peerCase.path);
      const peer = await answer(peerCase.other, peerCase.path);
      assert.equal(plain.status, 200);
      assert.deepEqual(peer, plain);
    });
  }

  it('JSON API: both sides refuse a body their schema refuses, and send only what the response schema declares', async () => {
    const plain = await answer(jsonApi.plain, jsonApi.path, jsonApi);
    assert.deepEqual(JSON.parse(plain.body), { id: 1, name: 'Tea', price: 350, tags: ['hot', 'drink'] });
    const bad = { ...jsonApi, body: JSON.stringify({ name: '', price: -1 }) };
    assert.equal((await answer(jsonApi.plain, jsonApi.path, bad)).status, 400);
    assert.equal((await answer(jsonApi.ziggurat, jsonApi.path, bad)).status, 400);
  });

  it('the peers look resources up by hand as plain Fastify does: a missing one is a 404', async () => {
    for (const peerCase of PEER_CASES.filter((c) => c.path === '/a3/b3/c3/d3/e3')) {
      const plain = await answer(peerCase.plain, '/a3/b3/nothing');
      const peer = await answer(peerCase.other, '/a3/b3/nothing');
      assert.equal(plain.status, 404);
      assert.deepEqual(peer, plain, peerCase.name);
    }
  });
});
