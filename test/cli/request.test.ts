// `ziggurat request <path>`: one in-process request, printing status, headers and body.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, FIXTURE_INI } from './helpers.js';

describe('ziggurat request', () => {
  it('prints the status line, the headers and the body of a GET', async () => {
    const { code, stdout } = await cli(['request', FIXTURE_INI, '/items/3']);
    assert.equal(code, 0);
    const [head, body] = stdout.split('\n\n');
    const lines = (head ?? '').split('\n');
    assert.equal(lines[0], '200 OK');
    assert.ok(lines.includes('content-type: application/json; charset=utf-8'));
    assert.ok(lines.includes('x-timed: yes'), 'the app tween ran');
    assert.equal(body, '{"item":"3"}\n');
  });

  it('sends the method, headers and data given, and exits 1 for an error status', async () => {
    const posted = await cli([
      'request',
      '/items/9',
      '--method',
      'post',
      '--data',
      'x=1',
      '--header',
      'Content-Type: application/x-www-form-urlencoded',
    ]);
    assert.equal(posted.code, 0);
    assert.match(posted.stdout, /\n\n\{"updated":"9"\}\n$/);
    const refused = await cli(['request', '/items/9', '--method', 'DELETE']);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^405 Method Not Allowed\n[\s\S]*^allow: GET, HEAD, POST$/m);
  });

  it('sends --data as a form, as curl -d does, unless a Content-Type header says otherwise', async () => {
    const form = await cli(['request', '/echo', '--data', 'a=b&c=d']);
    assert.equal(form.code, 0, form.stdout);
    assert.match(form.stdout, /^200 OK\n/);
    assert.deepEqual(JSON.parse(form.stdout.split('\n\n')[1] ?? ''), {
      type: 'application/x-www-form-urlencoded',
      body: { a: 'b', c: 'd' },
    });
    const text = await cli(['request', '/echo', '--data', 'hi', '--header', 'Content-Type: text/plain']);
    assert.deepEqual(JSON.parse(text.stdout.split('\n\n')[1] ?? ''), { type: 'text/plain', body: 'hi' });
  });

  it('sends --json as application/json, and refuses --data with --json', async () => {
    const sent = await cli(['request', '/echo', '--json', '{"a":[1,2]}']);
    assert.equal(sent.code, 0, sent.stdout);
    assert.deepEqual(JSON.parse(sent.stdout.split('\n\n')[1] ?? ''), {
      type: 'application/json',
      body: { a: [1, 2] },
    });
    const both = await cli(['request', '/echo', '--json', '{}', '--data', 'a=b']);
    assert.equal(both.code, 2);
    assert.match(
      both.stderr,
      /^ziggurat request: give the body with --data or with --json, not both\nusage:/,
    );
  });
});
