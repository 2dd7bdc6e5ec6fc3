// The error pages an app answers without exception views of its own: HTML for browsers, problem
// documents for JSON clients, plain text otherwise, for the statuses a first app meets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { call } from '../helpers.js';
import { BROWSER_ACCEPT, errorPagesApp, errorRequests } from './error-pages-app.js';

const TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
};

describe('error pages', () => {
  let app: FastifyInstance;

  before(async () => {
    app = await errorPagesApp();
  });
  after(() => app.close());

  it('answers a browser with an HTML page: status, explanation and detail', async () => {
    for (const [status, request] of errorRequests(BROWSER_ACCEPT)) {
      const reply = await call(app, request);
      assert.equal(reply.status, status);
      assert.equal(reply.headers['content-type'], 'text/html; charset=utf-8', `${status}`);
      assert.match(reply.body, new RegExp(`<title>${status} ${TITLES[status]}</title>`));
      assert.match(reply.body, /<p class="explanation">[^<]+<\/p>/);
    }
    const forbidden = await call(app, { url: '/admin', headers: { accept: BROWSER_ACCEPT } });
    assert.match(forbidden.body, /<p class="detail">Only &lt;admins&gt; may look\.<\/p>/);
    const conflict = await call(app, errorRequests(BROWSER_ACCEPT)[4]?.[1] ?? '');
    assert.match(conflict.body, /The request conflicts[^<]*<\/p>\n<p class="detail">The page TeaTime exists/);
  });

  it('answers */* (curl, fetch) with the HTML page too, as Pyramid does', async () => {
    const reply = await call(app, { url: '/nowhere', headers: { accept: '*/*' } });
    assert.match(String(reply.headers['content-type']), /^text\/html/);
  });

  it('answers a JSON client with a problem document', async () => {
    for (const [status, request] of errorRequests('application/json')) {
      const reply = await call(app, request);
      assert.equal(reply.headers['content-type'], 'application/problem+json; charset=utf-8', `${status}`);
      assert.equal(reply.json.status, status);
      assert.equal(reply.json.type, 'about:blank');
      assert.equal(reply.json.title, TITLES[status]);
      assert.equal(reply.json.code, `${status} ${TITLES[status]}`);
      assert.equal(typeof reply.json.detail, 'string');
      assert.equal(typeof reply.json.message, 'string');
    }
  });

  it('answers plain text without an Accept header', async () => {
    for (const [status, request] of errorRequests()) {
      const reply = await call(app, request);
      assert.equal(reply.headers['content-type'], 'text/plain; charset=utf-8', `${status}`);
      assert.match(reply.body, new RegExp(`^${status} ${TITLES[status]}\n\n`));
    }
  });

  it('keeps the headers of the exception: Allow on a 405, WWW-Authenticate on a 401', async () => {
    for (const accept of [BROWSER_ACCEPT, 'application/json', undefined]) {
      const requests = new Map(errorRequests(accept));
      const notAllowed = await call(app, requests.get(405) ?? '');
      assert.equal(notAllowed.headers.allow, 'GET, HEAD, POST', `${accept}`);
      const unauthorized = await call(app, requests.get(401) ?? '');
      assert.equal(unauthorized.headers['www-authenticate'], 'Bearer realm="shop"');
    }
  });

  it('sends no body for HEAD, with the length GET would have', async () => {
    const get = await app.inject({ url: '/nowhere', headers: { accept: BROWSER_ACCEPT } });
    const head = await app.inject({ method: 'HEAD', url: '/nowhere', headers: { accept: BROWSER_ACCEPT } });
    assert.equal(head.statusCode, 404);
    assert.equal(head.body, '');
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(get.body)));
  });
});
