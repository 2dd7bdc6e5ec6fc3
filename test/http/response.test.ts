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
    assert.throws(() => headers.set('X-A', 'ok\r\nSet-Cookie: evil=1'), TypeError);
    assert.throws(() => headers.append('X-A\n', 'ok'), TypeError);
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
