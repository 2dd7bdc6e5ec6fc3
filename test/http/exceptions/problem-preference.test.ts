// A JSON API's errors are problem documents even for clients that state no preference (curl, fetch).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { type Configurator, HTTPNotFound } from '../../../lib/index.js';
import { appWith, call } from '../../helpers.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function api(config: Configurator): void {
  config.addRoute('notes', '/notes');
  config.addView(() => ({ ok: true }), {
    routeName: 'notes',
    renderer: 'json',
    schema: { body: Type.Object({ text: Type.String() }) },
  });
  config.addRoute('gone', '/gone');
  config.addView(
    () => {
      throw new HTTPNotFound({ detail: 'Gone' });
    },
    { routeName: 'gone', renderer: 'json' },
  );
}

describe('problem documents for JSON APIs', () => {
  it('answers a malformed JSON body with a 400 problem document', async () => {
    const app = await appWith(api);
    for (const accept of ['*/*', 'application/json']) {
      const { status, headers, json } = await call(app, {
        method: 'POST',
        url: '/notes',
        headers: { 'content-type': 'application/json', accept },
        payload: '{"text": ',
      });
      assert.equal(status, 400, String(accept));
      assert.equal(headers['content-type'], PROBLEM);
      assert.equal(json.status, 400);
      assert.equal(json.title, 'Bad Request');
      assert.match(json.detail, /JSON/);
    }
    // Without an Accept header, plain text, as every error answers such a request before a view is chosen.
    const bare = await call(app, {
      method: 'POST',
      url: '/notes',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    assert.equal(bare.status, 400);
    assert.match(String(bare.headers['content-type']), /^text\/plain/);
  });

  it('answers an unsupported media type with a 415 problem document', async () => {
    const app = await appWith(api);
    const { status, headers, json } = await call(app, {
      method: 'POST',
      url: '/notes',
      headers: { 'content-type': 'application/xml', accept: '*/*' },
      payload: '<note/>',
    });
    assert.equal(status, 415);
    assert.equal(headers['content-type'], PROBLEM);
    assert.equal(json.title, 'Unsupported Media Type');
  });

  it('still shows a browser its HTML page', async () => {
    const app = await appWith(api);
    const { status, headers } = await call(app, {
      method: 'POST',
      url: '/notes',
      headers: { 'content-type': 'application/json', accept: BROWSER },
      payload: '{',
    });
    assert.equal(status, 400);
    assert.match(String(headers['content-type']), /^text\/html/);
  });

  it('keeps negotiating as before for requests that are not a JSON API’s', async () => {
    const app = await appWith(api);
    // No body and no schema: */* gets HTML and no Accept plain text, as Pyramid answers.
    assert.match(
      String((await call(app, { url: '/gone', headers: { accept: '*/*' } })).headers['content-type']),
      /^text\/html/,
    );
    assert.match(String((await call(app, '/gone')).headers['content-type']), /^text\/plain/);
    assert.equal(
      (await call(app, { url: '/gone', headers: { accept: 'application/json' } })).headers['content-type'],
      PROBLEM,
    );
    // A form is what browsers post: its errors stay HTML for */*.
    const form = await call(app, {
      method: 'POST',
      url: '/gone',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: '*/*' },
      payload: 'a=1',
    });
    assert.match(String(form.headers['content-type']), /^text\/html/);
    // A JSON body makes it a JSON API's request.
    const json = await call(app, {
      method: 'POST',
      url: '/gone',
      headers: { 'content-type': 'application/json', accept: '*/*' },
      payload: '{}',
    });
    assert.equal(json.status, 404);
    assert.equal(json.headers['content-type'], PROBLEM);
    assert.equal(json.json.detail, 'Gone');
  });
});
