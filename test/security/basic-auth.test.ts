import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractHttpBasicCredentials, type Request } from '../../lib/index.js';
import { appWith, call } from '../helpers.js';

describe('extractHttpBasicCredentials', () => {
  it('parses the Authorization header, UTF-8 or Latin-1, and refuses malformed ones', async () => {
    const app = await appWith((config) => {
      config.addRoute('who', '/who');
      config.addView((request: Request) => ({ credentials: extractHttpBasicCredentials(request) }), {
        routeName: 'who',
        renderer: 'json',
      });
    });
    const who = async (authorization?: string) =>
      (await call(app, { url: '/who', headers: authorization ? { authorization } : {} })).json.credentials;
    const encode = (text: string, encoding: BufferEncoding = 'utf8') =>
      Buffer.from(text, encoding).toString('base64');
    assert.deepEqual(await who(`Basic ${encode('ada:pa:ss')}`), { username: 'ada', password: 'pa:ss' });
    assert.deepEqual(await who(`basic ${encode('zoë:wörd')}`), { username: 'zoë', password: 'wörd' });
    assert.deepEqual(await who(`Basic ${encode('zoë:x', 'latin1')}`), { username: 'zoë', password: 'x' });
    for (const bad of [undefined, 'Bearer abc', `Basic ${encode('no-colon')}`, 'Basic !!!', 'Basic']) {
      assert.equal(await who(bad), null, String(bad));
    }
  });
});
