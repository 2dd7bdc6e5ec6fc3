import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request } from '../../lib/index.js';
import { DummyRequest, testConfig } from '../../lib/testing/index.js';

const hello = (request: Request) => ({ text: `Hello ${request.matchdict.name}`, lang: request.query.lang });

describe('testing helpers', () => {
  it('DummyRequest lets a view be called without a server', () => {
    const request = new DummyRequest({ matchdict: { name: 'Ada' }, path: '/hello/Ada?lang=en' });
    assert.deepEqual(hello(request), { text: 'Hello Ada', lang: 'en' });
    assert.equal(request.method, 'GET');
    assert.equal(request.path, '/hello/Ada');
    assert.equal(request.url, 'http://example.com/hello/Ada?lang=en');
  });

  it('DummyRequest carries headers, cookies, body and a settable response', () => {
    const request = new DummyRequest({
      method: 'post',
      headers: { 'X-Token': 't' },
      cookies: { sid: 'a b' },
      body: { x: 1 },
    });
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['x-token'], 't');
    assert.deepEqual({ ...request.cookies }, { sid: 'a b' });
    assert.deepEqual(request.body, { x: 1 });
    request.response.status = 404;
    assert.equal(request.response.status, 404);
  });

  it('testConfig shares its registry so DummyRequest can generate route URLs', async () => {
    const config = testConfig({ settings: { 'app.name': 'demo' } });
    config.addRoute('hello', '/hello/{name}');
    await config.commit();
    const request = new DummyRequest({ registry: config.registry });
    assert.equal(request.routeUrl('hello', { params: { name: 'Ada' } }), 'http://example.com/hello/Ada');
    assert.equal(request.registry.settings['app.name'], 'demo');
  });
});
