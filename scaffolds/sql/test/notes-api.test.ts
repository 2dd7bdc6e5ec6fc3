// The notes API: the whole app on an in-memory SQLite database, JSON requests injected without a server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate } from 'ziggurat/addons/sql';
import { main } from '../src/app.js';

const config = main({ 'sql.url': 'sqlite::memory:', 'handlebars.reload': 'false' });
const app = await config.makeApp();

const JSON_REQUEST = { accept: 'application/json', 'content-type': 'application/json' };

function addNote(body: unknown) {
  return app.inject({
    method: 'POST',
    url: '/api/notes',
    headers: JSON_REQUEST,
    payload: JSON.stringify(body),
  });
}

function assertProblem(reply: Awaited<ReturnType<typeof addNote>>, status: number) {
  assert.equal(reply.statusCode, status);
  assert.match(String(reply.headers['content-type']), /^application\/problem\+json/);
  assert.equal(reply.json().status, status);
}

describe('the notes API', () => {
  before(() => migrate(config.registry, 'latest'));
  after(() => app.close());

  it('adds a note (201, Location), trimmed, with no session or CSRF token', async () => {
    const reply = await addNote({ text: '  Buy tea  ' });
    assert.equal(reply.statusCode, 201, reply.body);
    const note = reply.json();
    assert.deepEqual(Object.keys(note).sort(), ['createdAt', 'id', 'text', 'url']);
    assert.equal(note.text, 'Buy tea');
    assert.equal(reply.headers.location, `/api/notes/${note.id}`);
    assert.equal(note.url, reply.headers.location);
  });

  it('lists the notes newest first, and reads one', async () => {
    await addNote({ text: 'Then biscuits' });
    const list = await app.inject({ url: '/api/notes', headers: { accept: 'application/json' } });
    assert.equal(list.statusCode, 200);
    const texts = list.json().map((note: { text: string }) => note.text);
    assert.deepEqual(texts.slice(0, 2), ['Then biscuits', 'Buy tea']);
    const first = list.json()[0];
    const read = await app.inject({ url: first.url, headers: { accept: 'application/json' } });
    assert.deepEqual(read.json(), first);
    assert.equal(read.headers['set-cookie'], undefined, 'no session for a JSON client');
  });

  it('answers 400 problem documents for an empty, a blank or a too long note, and saves none', async () => {
    const before = (await app.inject('/api/notes')).json().length;
    for (const body of [{}, { text: '   ' }, { text: 'x'.repeat(501) }, { text: 'ok', extra: true }]) {
      const reply = await addNote(body);
      if ('extra' in body) {
        assert.equal(reply.statusCode, 201, 'undeclared properties are dropped, not refused');
        continue;
      }
      assertProblem(reply, 400);
      assert.equal(reply.json().errors[0].location, 'body');
    }
    assert.equal((await app.inject('/api/notes')).json().length, before + 1);
  });

  it('takes JSON only (415): another site can post a form, not JSON', async () => {
    const reply = await app.inject({
      method: 'POST',
      url: '/api/notes',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'text=forged',
    });
    assertProblem(reply, 415);
    const texts = (await app.inject('/api/notes')).json().map((note: { text: string }) => note.text);
    assert.ok(!texts.includes('forged'));
  });

  it('answers 404 as a problem document for a note that does not exist', async () => {
    const reply = await app.inject({
      url: '/api/notes/no-such-note',
      headers: { accept: 'application/json' },
    });
    assertProblem(reply, 404);
  });

  it('describes itself at /openapi.json and serves its reference page at /docs', async () => {
    const document = (await app.inject('/openapi.json')).json();
    assert.equal(document.openapi, '3.1.0');
    assert.deepEqual(Object.keys(document.paths['/api/notes']).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(document.paths['/api/notes/{id}']), ['get']);
    assert.equal(document.paths['/api/notes'].post.operationId, 'addNote');
    const docs = await app.inject({ url: '/docs', headers: { accept: 'text/html' } });
    const page = docs.statusCode === 302 ? await app.inject(String(docs.headers.location)) : docs;
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger-ui/i);
  });
});
