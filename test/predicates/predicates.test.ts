// Unit tests of the built-in predicates through DummyRequest (functional ones live in test/config/views.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptQuality } from '../../lib/http/accept-header.js';
import { acceptPredicate } from '../../lib/predicates/accept.js';
import { containmentPredicate } from '../../lib/predicates/containment.js';
import { headerPredicate } from '../../lib/predicates/header.js';
import { matchParamPredicate } from '../../lib/predicates/match-param.js';
import { RequestMethodPredicate } from '../../lib/predicates/request-method.js';
import { requestParamPredicate } from '../../lib/predicates/request-param.js';
import { DummyRequest } from '../../lib/testing/index.js';

describe('built-in predicates', () => {
  it('requestMethod upper-cases, adds HEAD to GET and explains itself', () => {
    const predicate = new RequestMethodPredicate(['get', 'post']);
    assert.deepEqual(predicate.methods, ['GET', 'HEAD', 'POST']);
    assert.equal(predicate.text(), 'requestMethod = GET,HEAD,POST');
    assert.ok(predicate.call(null, new DummyRequest({ method: 'HEAD' })));
    assert.ok(!predicate.call(null, new DummyRequest({ method: 'PUT' })));
    assert.throws(() => new RequestMethodPredicate([]), /requestMethod/);
  });

  it('header matches presence or a regex anchored at the start', () => {
    const request = new DummyRequest({ headers: { 'X-Version': 'v2-beta' } });
    assert.ok(headerPredicate('X-Version').call(null, request));
    assert.ok(headerPredicate('x-version:v2').call(null, request));
    assert.ok(!headerPredicate('X-Version:beta').call(null, request));
    assert.ok(!headerPredicate(['X-Version', 'X-Other']).call(null, request));
    assert.throws(() => headerPredicate('X:('), /invalid regex/);
  });

  it('accept honours q-values and wildcards; no Accept header accepts all', () => {
    const json = acceptPredicate('application/json');
    assert.ok(json.call(null, new DummyRequest()));
    assert.ok(json.call(null, new DummyRequest({ headers: { accept: 'application/*' } })));
    assert.ok(!json.call(null, new DummyRequest({ headers: { accept: 'text/html, application/json;q=0' } })));
    assert.equal(acceptQuality('text/*;q=0.4, text/plain;q=0.9', 'text/plain'), 0.9);
    assert.equal(acceptQuality('text/*;q=0.4, text/plain;q=0.9', 'text/html'), 0.4);
  });

  it('accept answers the same for a header it parsed before, and treats a blank header as none', () => {
    const html = acceptPredicate(['text/html', 'TEXT/plain']);
    const header = (accept: string) => new DummyRequest({ headers: { accept } });
    for (let i = 0; i < 2; i++) {
      assert.ok(html.call(null, header('text/plain;q=0.5')));
      assert.ok(!html.call(null, header('image/png')));
      assert.ok(!html.call(null, header('garbage')));
      assert.ok(html.call(null, header('   ')));
    }
    // Long headers are not cached, and still answered.
    assert.ok(html.call(null, header(`${'x/y;q=0.1, '.repeat(100)}text/html`)));
  });

  it('requestParam takes a value from the query or the body, and repeated keys', () => {
    const predicate = requestParamPredicate(['mode=fast', 'user']);
    assert.ok(predicate.call(null, new DummyRequest({ path: '/?mode=slow&mode=fast&user=1' })));
    assert.ok(
      predicate.call(null, new DummyRequest({ method: 'POST', path: '/?user=1', body: { mode: 'fast' } })),
    );
    assert.ok(!predicate.call(null, new DummyRequest({ path: '/?mode=fast' })));
  });

  it('requestParam looks in the query and the form body', () => {
    const predicate = requestParamPredicate('mode=fast');
    assert.ok(predicate.call(null, new DummyRequest({ path: '/?mode=fast' })));
    assert.ok(predicate.call(null, new DummyRequest({ method: 'POST', body: { mode: 'fast' } })));
    assert.ok(!predicate.call(null, new DummyRequest({ path: '/?mode=slow' })));
    assert.ok(requestParamPredicate('flag').call(null, new DummyRequest({ path: '/?flag=' })));
    assert.ok(!requestParamPredicate('constructor').call(null, new DummyRequest({ body: {} })));
  });

  it('matchParam compares the matchdict', () => {
    const request = new DummyRequest({ matchdict: { kind: 'book', id: '7' } });
    assert.ok(matchParamPredicate(['kind=book', 'id=7']).call(null, request));
    assert.ok(matchParamPredicate({ kind: 'book' }).call(null, request));
    assert.ok(!matchParamPredicate('kind=film').call(null, request));
  });

  it('containment walks __parent__ up from the context', () => {
    class Folder {
      __name__ = 'f';
      __parent__ = null;
    }
    const folder = new Folder();
    const doc = { __name__: 'd', __parent__: folder };
    assert.ok(containmentPredicate(Folder).call(doc));
    assert.ok(!containmentPredicate(Folder).call({ __name__: '', __parent__: null }));
  });
});
