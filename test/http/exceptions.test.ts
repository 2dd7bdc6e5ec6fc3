import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exceptionResponse,
  HTTPClientError,
  HTTPError,
  HTTPException,
  HTTPForbidden,
  HTTPFound,
  HTTPInternalServerError,
  HTTPMethodNotAllowed,
  HTTPNotFound,
  HTTPNotModified,
  HTTPRedirection,
  HTTPSeeOther,
  HTTPServerError,
  Response,
  STATUS_CLASSES,
} from '../../lib/index.js';

describe('HTTP exceptions', () => {
  it('have one class per status, each a Response in the right family', () => {
    assert.ok(STATUS_CLASSES.size >= 40);
    for (const [status, cls] of STATUS_CLASSES) {
      const instance = exceptionResponse(status);
      assert.ok(instance instanceof cls && instance instanceof HTTPException && instance instanceof Response);
      assert.equal(instance.status, status);
      const family = status < 400 ? HTTPRedirection : status < 500 ? HTTPClientError : HTTPServerError;
      assert.ok(instance instanceof family, `${status}`);
      if (status >= 400) assert.ok(instance instanceof HTTPError);
    }
    assert.throws(() => exceptionResponse(299), RangeError);
  });

  it('can be thrown and caught by class, with a stack for logs', () => {
    assert.throws(() => {
      throw new HTTPNotFound({ detail: 'gone' });
    }, HTTPNotFound);
    const error = new HTTPForbidden();
    assert.match(error.stack, /exceptions\.test/);
    assert.equal(error.message, error.explanation);
    assert.equal(new HTTPForbidden({ detail: 'no' }).message, 'no');
  });

  it('negotiates a generated body from Accept: plain text, HTML or JSON', () => {
    const body = (accept: string | undefined) => {
      const error = new HTTPNotFound({ detail: 'No <b>page</b>' });
      error.prepareBody(accept);
      return [error.contentType, String(error.body)];
    };
    assert.deepEqual(body(undefined), ['text/plain; charset=utf-8', '404 Not Found\n\nNo <b>page</b>\n']);
    assert.equal(body('*/*')[0], 'text/plain; charset=utf-8');
    const [htmlType, html] = body('text/html,application/xhtml+xml,*/*;q=0.8');
    assert.equal(htmlType, 'text/html; charset=utf-8');
    assert.match(html ?? '', /No &#60;b&#62;page&#60;\/b&#62;/);
    assert.doesNotMatch(html ?? '', /<b>/);
    const [jsonType, json] = body('application/json, text/html;q=0.5');
    assert.equal(jsonType, 'application/json; charset=utf-8');
    assert.deepEqual(JSON.parse(json ?? ''), { status: 404, title: 'Not Found', message: 'No <b>page</b>' });
  });

  it('keeps a body the user gave', () => {
    const error = new HTTPInternalServerError({ body: 'custom', contentType: 'text/plain' });
    error.prepareBody('application/json');
    assert.equal(error.body, 'custom');
  });

  it('redirects take the location first and refuse CR/LF in it', () => {
    const found = new HTTPFound('/next?a=1');
    assert.equal(found.status, 302);
    assert.equal(found.location, '/next?a=1');
    assert.equal(new HTTPSeeOther('/x').status, 303);
    assert.throws(() => new HTTPFound('/x\r\nSet-Cookie: a=1'), { code: 'ZIG_ERR_HEADER_VALUE' });
  });

  it('redirect to an IRI: non-ASCII in the location is percent-encoded, escapes are kept', () => {
    assert.equal(new HTTPSeeOther('/Ωmega').location, '/%CE%A9mega');
    assert.equal(new HTTPFound('/a b/%C3%A9?q=ü#frag').location, '/a%20b/%C3%A9?q=%C3%BC#frag');
    assert.equal(new HTTPFound('https://example.com/😀').location, 'https://example.com/%F0%9F%98%80');
  });

  it('304 never gets a body; 405 carries Allow', () => {
    const notModified = new HTTPNotModified('/ignored');
    notModified.prepareBody('text/html');
    assert.equal(notModified.body, null);
    assert.equal(new HTTPMethodNotAllowed({ allow: ['GET', 'HEAD'] }).headers.get('allow'), 'GET, HEAD');
  });
});
