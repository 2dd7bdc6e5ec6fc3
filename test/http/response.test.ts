import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Response, ResponseHeaders } from '../../lib/index.js';

describe('ResponseHeaders', () => {
  it('is case-insensitive and keeps the first spelling', () => {
    const headers = new ResponseHeaders({ 'X-Thing': 'a' });
    headers.set('x-thing', 'b');
    assert.equal(headers.get('X-THING'), 'b');
    assert.deepEqual(headers.toObject(), { 'X-Thing': 'b' });
  });

  it('joins repeated values except Set-Cookie, which stays a list', () => {
    const headers = new ResponseHeaders();
    headers.append('Vary', 'Accept').append('vary', 'Cookie');
    headers.append('Set-Cookie', 'a=1').append('Set-Cookie', 'b=2');
    assert.deepEqual(headers.toObject(), { Vary: 'Accept, Cookie', 'Set-Cookie': ['a=1', 'b=2'] });
    assert.deepEqual(headers.getAll('set-cookie'), ['a=1', 'b=2']);
  });

  it('rejects CR and LF in names and values (header injection)', () => {
    const headers = new ResponseHeaders();
    assert.throws(() => headers.set('X-A', 'ok\r\nSet-Cookie: evil=1'), { code: 'ZIG_ERR_HEADER_VALUE' });
    assert.throws(() => headers.append('X-A\n', 'ok'), { code: 'ZIG_ERR_HEADER_VALUE' });
  });

  it('refuses, when set, any character Node would refuse when sending, naming the header', () => {
    const headers = new ResponseHeaders();
    for (const value of ['a\u0000b', 'a\u007fb', 'a\u0008b', 'a\u000bb', 'Ωmega', 'a\u2028b', '😀']) {
      assert.throws(
        () => headers.set('X-Thing', value),
        (error: Error & { code?: string }) =>
          error.code === 'ZIG_ERR_HEADER_VALUE' && error.message.includes('X-Thing'),
        JSON.stringify(value),
      );
      assert.throws(() => headers.append('Set-Cookie', value), { code: 'ZIG_ERR_HEADER_VALUE' });
      assert.throws(() => new ResponseHeaders({ 'X-Init': value }), { code: 'ZIG_ERR_HEADER_VALUE' });
    }
    for (const name of ['', 'X Thing', 'X-Thing:', 'X-Ω', 'X-(a)', 'X-"q"', 'a\u0000']) {
      assert.throws(() => headers.set(name, 'ok'), { code: 'ZIG_ERR_HEADER_VALUE' }, JSON.stringify(name));
    }
    headers.set('X-Latin-1', 'café\tau lait');
    headers.set("X-Token!#$%&'*+-.^_`|~", '1');
    assert.equal(headers.get('x-latin-1'), 'café\tau lait');
    assert.equal(headers.size, 2, 'nothing refused was kept');
  });

  it('makes a Location a URI however it is set: non-ASCII percent-encoded, escapes kept, controls refused', () => {
    const iri = '/Ωmega/%C3%A9 x?q=ü&r=[1]#top';
    const uri = '/%CE%A9mega/%C3%A9%20x?q=%C3%BC&r=[1]#top';
    assert.equal(new ResponseHeaders({ Location: iri }).get('location'), uri);
    assert.equal(new ResponseHeaders().set('location', iri).get('Location'), uri);
    assert.equal(new ResponseHeaders().append('LOCATION', iri).get('location'), uri);
    const response = new Response();
    response.location = 'https://example.com/😀/"a"<b>';
    assert.equal(response.location, 'https://example.com/%F0%9F%98%80/%22a%22%3Cb%3E');
    assert.equal(new ResponseHeaders({ Location: '/plain/path?a=1' }).get('location'), '/plain/path?a=1');
    for (const value of ['/a\r\nSet-Cookie: x=1', '/a\u0000', '/a\u007f', '/\ud800']) {
      assert.throws(
        () => new ResponseHeaders({ Location: value }),
        (error: Error & { code?: string }) =>
          error.code === 'ZIG_ERR_HEADER_VALUE' && error.message.includes('Location'),
        JSON.stringify(value),
      );
    }
  });

  it('accepts pairs, records and other header maps', () => {
    assert.equal(new ResponseHeaders([['A', '1']]).get('a'), '1');
    assert.equal(new ResponseHeaders(new ResponseHeaders({ B: ['1', '2'] })).get('b'), '1, 2');
    const headers = new ResponseHeaders({ C: 3 });
    assert.ok(headers.has('c'));
    assert.ok(headers.delete('c'));
    assert.equal(headers.size, 0);
  });
});

describe('Response', () => {
  it('defaults to 200, no body and no content type', () => {
    const response = new Response();
    assert.equal(response.status, 200);
    assert.equal(response.body, null);
    assert.equal(response.contentType, undefined);
  });

  it('validates the status', () => {
    assert.throws(() => new Response(null, { status: 99 }), RangeError);
    assert.throws(() => {
      new Response().status = 200.5;
    }, RangeError);
  });

  it('sets cookies HttpOnly, SameSite=Lax and Path=/ by default, and deletes them', () => {
    const response = new Response();
    response.setCookie('sid', 'a b', { maxAge: 60 });
    response.setCookie('theme', 'dark', { httpOnly: false, sameSite: 'strict', secure: true });
    response.deleteCookie('old');
    const [sid, theme, old] = response.headers.getAll('set-cookie');
    assert.match(sid ?? '', /^sid=a%20b; Max-Age=60; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.match(theme ?? '', /^theme=dark; Path=\/; Secure; SameSite=Strict$/);
    assert.match(
      old ?? '',
      /^old=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/,
    );
  });

  it('refuses a cookie name, value or attribute a header cannot carry, naming the cookie', () => {
    const response = new Response();
    const refusals: Array<[string, string, object]> = [
      ['a b', 'x', {}],
      ['a;b', 'x', {}],
      ['a\r\nX-Evil', 'x', {}],
      ['sid', '\ud800', {}],
      ['sid', 'x', { path: '/a;b' }],
      ['sid', 'x', { path: '/a\r\nX-Evil: 1' }],
      ['sid', 'x', { domain: 'exa mple.com' }],
      ['sid', 'x', { maxAge: 1.5 }],
      ['sid', 'x', { expires: new Date(Number.NaN) }],
    ];
    for (const [name, value, options] of refusals) {
      assert.throws(
        () => response.setCookie(name, value, options),
        (error: Error & { code?: string }) =>
          error.code === 'ZIG_ERR_HEADER_VALUE' &&
          error.message.includes('Set-Cookie') &&
          error.message.includes(JSON.stringify(name)),
        JSON.stringify([name, value, options]),
      );
    }
    assert.equal(response.headers.size, 0);
    response.setCookie('sid', 'Ωmega; x=1\r\n');
    assert.equal(
      response.headers.get('set-cookie'),
      'sid=%CE%A9mega%3B%20x%3D1%0D%0A; Path=/; HttpOnly; SameSite=Lax',
    );
  });

  it('builds JSON responses and exposes content type and location', () => {
    const response = Response.json({ ok: true }, { status: 202 });
    assert.equal(response.status, 202);
    assert.equal(response.body, '{"ok":true}');
    assert.equal(response.contentType, 'application/json; charset=utf-8');
    response.location = '/next';
    assert.equal(response.headers.get('location'), '/next');
    response.contentType = undefined;
    assert.equal(response.headers.has('content-type'), false);
  });
});
