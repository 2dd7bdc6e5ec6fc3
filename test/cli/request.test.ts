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
});
