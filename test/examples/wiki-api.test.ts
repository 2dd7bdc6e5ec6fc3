// The example wiki's JSON API through app.inject(): /api/pages and /api/session, its permissions and CSRF
// check, problem documents, and its OpenAPI document and reference page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { CookieJar } from '../helpers.js';
import { makeWiki } from './wiki-app.js';

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

/** A JSON client's session: the cookie jar and the CSRF token /api/session answered last. */
class ApiClient {
  readonly jar = new CookieJar();
  token = '';

  constructor(readonly app: FastifyInstance) {}

  async get(url: string) {
    return this.jar.call(this.app, { method: 'GET', url, headers: { accept: 'application/json' } });
  }

  async send(method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
    const body = payload === undefined ? {} : { headers: JSON_HEADERS, payload: JSON.stringify(payload) };
    const headers = { accept: 'application/json', ...body.headers, 'x-csrf-token': this.token };
    const reply = await this.jar.call(this.app, { method, url, ...body, headers });
    if (url === '/api/session' && reply.status === 200) this.token = reply.json.csrfToken;
    return reply;
  }

  /** GET /api/session for a token, then log in with it. */
  async logIn(username: string, password: string) {
    this.token = (await this.get('/api/session')).json.csrfToken;
    const reply = await this.send('POST', '/api/session', { username, password });
    assert.equal(reply.status, 200, reply.body);
    return reply;
  }
}

function assertProblem(
  reply: { status: number; headers: Record<string, unknown>; json: any },
  status: number,
) {
  assert.equal(reply.status, status);
  assert.match(String(reply.headers['content-type']), /^application\/problem\+json/);
  assert.equal(reply.json.status, status);
}

describe('the example wiki: its JSON API', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await makeWiki();
  });
  after(() => app.close());

  it('lists the pages without their text, and reads one with it', async () => {
    const client = new ApiClient(app);
    const list = await client.get('/api/pages');
    assert.equal(list.status, 200);
    assert.match(String(list.headers['content-type']), /^application\/json/);
    const front = list.json.find((page: { name: string }) => page.name === 'FrontPage');
    assert.deepEqual(Object.keys(front).sort(), ['author', 'name', 'pageUrl', 'updatedAt', 'url']);
    assert.equal(front.url, '/api/pages/FrontPage');
    assert.equal(front.pageUrl, '/FrontPage');
    assert.equal(front.author, 'editor');

    const read = await client.get(front.url);
    assert.equal(read.status, 200);
    assert.match(read.json.body, /^Welcome to the Ziggurat wiki\./);
    assert.equal(read.json.updatedAt, front.updatedAt);
    assert.equal(client.jar.cookies.size, 0, 'reading makes no session');
  });

  it('answers 404 problem documents for a missing page and a name that is no WikiWord', async () => {
    const client = new ApiClient(app);
    for (const url of ['/api/pages/NoSuchPage', '/api/pages/lowercase']) {
      const reply = await client.get(url);
      assertProblem(reply, 404);
      assert.match(reply.json.detail, /There is no page/);
    }
  });

  it('refuses anonymous and basic users writes with a 403 problem document', async () => {
    const anonymous = new ApiClient(app);
    anonymous.token = (await anonymous.get('/api/session')).json.csrfToken;
    assertProblem(await anonymous.send('POST', '/api/pages', { name: 'SneakyPage', body: 'x' }), 403);
    assertProblem(await anonymous.send('PUT', '/api/pages/FrontPage', { body: 'x' }), 403);

    const basic = new ApiClient(app);
    const session = await basic.logIn('basic', 'basic');
    assert.equal(session.json.user, 'basic');
    assertProblem(await basic.send('POST', '/api/pages', { name: 'SneakyPage', body: 'x' }), 403);
    assertProblem(await basic.get('/api/pages/SneakyPage'), 404);
  });

  it('lets the editor add a page (201, Location) and update it, with the CSRF token', async () => {
    const editor = new ApiClient(app);
    const before = editor.token;
    const session = await editor.logIn('editor', 'editor');
    assert.deepEqual(session.json, { user: 'editor', csrfToken: editor.token });
    assert.notEqual(editor.token, before);

    const created = await editor.send('POST', '/api/pages', { name: 'ApiNotes', body: 'Made by JSON.' });
    assert.equal(created.status, 201, created.body);
    assert.equal(created.headers.location, '/api/pages/ApiNotes');
    assert.equal(created.json.author, 'editor');
    assert.equal(created.json.body, 'Made by JSON.');

    const page = await editor.jar.call(app, '/ApiNotes');
    assert.match(page.body, /Made by JSON\./, 'the HTML page shows it');

    const updated = await editor.send('PUT', '/api/pages/ApiNotes', {
      body: 'Saved again, see FrontPage.',
      updatedAt: created.json.updatedAt,
    });
    assert.equal(updated.status, 200, updated.body);
    assert.equal(updated.json.body, 'Saved again, see FrontPage.');
    assert.equal((await editor.get('/api/pages/ApiNotes')).json.body, 'Saved again, see FrontPage.');
  });

  it('refuses an editor without the CSRF token (400) and after log-out (403)', async () => {
    const editor = new ApiClient(app);
    await editor.logIn('editor', 'editor');
    const token = editor.token;
    editor.token = 'not-the-token';
    assertProblem(await editor.send('PUT', '/api/pages/FrontPage', { body: 'forged' }), 400);
    editor.token = token;
    const out = await editor.send('DELETE', '/api/session');
    assert.equal(out.status, 200);
    assert.equal(out.json.user, null);
    assertProblem(await editor.send('PUT', '/api/pages/FrontPage', { body: 'after log-out' }), 403);
    assert.match((await editor.get('/api/pages/FrontPage')).json.body, /^Welcome/);
  });

  it('answers a wrong password with a 400 problem document', async () => {
    const client = new ApiClient(app);
    client.token = (await client.get('/api/session')).json.csrfToken;
    const reply = await client.send('POST', '/api/session', { username: 'editor', password: 'wrong' });
    assertProblem(reply, 400);
    assert.equal(reply.json.detail, 'Wrong user name or password.');
  });

  it('answers invalid bodies with 400 problem documents naming each failure', async () => {
    const editor = new ApiClient(app);
    await editor.logIn('editor', 'editor');
    const badName = await editor.send('POST', '/api/pages', { name: 'not a wikiword', body: 'x' });
    assertProblem(badName, 400);
    assert.deepEqual(
      badName.json.errors.map((error: { location: string; pointer: string }) => [
        error.location,
        error.pointer,
      ]),
      [['body', '/name']],
    );
    const noText = await editor.send('POST', '/api/pages', { name: 'NoText' });
    assertProblem(noText, 400);
    assert.match(noText.json.errors[0].message, /must have required property 'body'/);
    assertProblem(await editor.get('/api/pages/NoText'), 404);
    const malformed = await editor.jar.call(app, {
      method: 'POST',
      url: '/api/pages',
      headers: { ...JSON_HEADERS, 'x-csrf-token': editor.token },
      payload: '{"name":',
    });
    assertProblem(malformed, 400);
  });

  it('answers 409 for adding a page that exists and for updating a page saved since', async () => {
    const editor = new ApiClient(app);
    await editor.logIn('editor', 'editor');
    const exists = await editor.send('POST', '/api/pages', { name: 'FrontPage', body: 'again' });
    assertProblem(exists, 409);
    assert.match(exists.json.detail, /FrontPage exists already/);

    const read = (await editor.get('/api/pages/FrontPage')).json;
    const first = await editor.send('PUT', '/api/pages/FrontPage', {
      body: 'One.',
      updatedAt: read.updatedAt,
    });
    assert.equal(first.status, 200);
    const stale = await editor.send('PUT', '/api/pages/FrontPage', {
      body: 'Two.',
      updatedAt: read.updatedAt,
    });
    assertProblem(stale, 409);
    assert.equal((await editor.get('/api/pages/FrontPage')).json.body, 'One.');
  });

  it('serves a valid OpenAPI 3.1 document and the reference page under /api', async () => {
    const reply = await app.inject('/api/openapi.json');
    assert.equal(reply.statusCode, 200);
    const document = reply.json();
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    assert.deepEqual(result.valid ? [] : result.errors, []);
    assert.equal(document.info.title, 'Ziggurat wiki');
    assert.deepEqual(Object.keys(document.paths['/api/pages']).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(document.paths['/api/pages/{pagename}']).sort(), ['get', 'put']);
    const add = document.paths['/api/pages'].post;
    assert.equal(add.operationId, 'addPage');
    assert.ok(add.responses['403'], 'the permission is documented with its 403');
    const scheme = String(Object.keys(document.components.securitySchemes)[0]);
    assert.deepEqual(add.security, [{ [scheme]: ['add'] }]);
    assert.deepEqual(Object.keys(add.responses['201'].content['application/json'].schema.properties).sort(), [
      'author',
      'body',
      'name',
      'pageUrl',
      'updatedAt',
      'url',
    ]);
    const docs = await app.inject({ url: '/api/docs', headers: { accept: 'text/html' } });
    const page = docs.statusCode === 302 ? await app.inject(String(docs.headers.location)) : docs;
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger-ui/i);
  });
});
