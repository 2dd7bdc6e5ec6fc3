import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exceptionResponse,
  HTTPClientError,
  HTTPConflict,
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

/** What Chromium sends when it navigates. */
const BROWSER =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

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

  it('negotiates as Pyramid does: HTML for browsers and */*, JSON when preferred, else plain text', () => {
    const typeFor = (accept: string | undefined) => {
      const error = new HTTPNotFound();
      error.prepareBody(accept);
      return error.contentType;
    };
    const [plain, html, problem] = [
      'text/plain; charset=utf-8',
      'text/html; charset=utf-8',
      'application/problem+json; charset=utf-8',
    ];
    assert.equal(typeFor(undefined), plain, 'no Accept header: plain text, as in Pyramid');
    assert.equal(typeFor(''), plain);
    assert.equal(typeFor('*/*'), html, 'curl and fetch: text/html is offered first');
    assert.equal(typeFor(BROWSER), html);
    assert.equal(typeFor('application/json'), problem);
    assert.equal(typeFor('application/json, text/html;q=0.5'), problem);
    assert.equal(typeFor('application/problem+json'), problem);
    assert.equal(typeFor('text/html;q=0, */*'), problem, 'HTML refused: the next offer');
    assert.equal(typeFor('text/plain'), plain);
    assert.equal(typeFor('image/png'), plain, 'neither offer acceptable: plain text');
  });

  it('shows the explanation and the detail in plain text', () => {
    const error = new HTTPConflict({ detail: 'The page TeaTime exists already.' });
    error.prepareBody('text/plain');
    assert.equal(
      error.body,
      '409 Conflict\n\nThe request conflicts with the current state of the resource.\n\nThe page TeaTime exists already.\n',
    );
  });

  it('answers HTML with a small self-contained page: title, explanation and escaped detail', () => {
    const error = new HTTPNotFound({ detail: 'No <b>page</b> "x" & \'y\'' });
    error.prepareBody(BROWSER);
    const page = String(error.body);
    assert.match(page, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(page, /<meta charset="utf-8">/);
    assert.match(page, /<title>404 Not Found<\/title>/);
    assert.match(page, /<h1>404 Not Found<\/h1>/);
    assert.match(page, /<p class="explanation">The resource could not be found\.<\/p>/);
    assert.match(page, /<p class="detail">No &lt;b&gt;page&lt;\/b&gt; &quot;x&quot; &amp; &#39;y&#39;<\/p>/);
    assert.doesNotMatch(
      page,
      /<b>|<script|<link|src=|href=/,
      'no markup from the detail, no external assets',
    );
    assert.match(page, /<\/main>\n<\/body>\n<\/html>\n$/);
    const bare = new HTTPForbidden();
    bare.prepareBody(BROWSER);
    assert.doesNotMatch(String(bare.body), /class="detail"/, 'no empty detail paragraph');
  });

  it("answers JSON clients with an RFC 9457 problem document carrying Pyramid's code, message and title", () => {
    const error = new HTTPNotFound({ detail: 'No such page' });
    error.prepareBody('application/json');
    assert.equal(error.contentType, 'application/problem+json; charset=utf-8');
    assert.deepEqual(JSON.parse(String(error.body)), {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No such page',
      code: '404 Not Found',
      message: 'The resource could not be found.\n\nNo such page',
    });
    const bare = new HTTPForbidden();
    bare.prepareBody('application/json');
    const document = JSON.parse(String(bare.body));
    assert.equal(document.detail, 'Access to this resource is denied.', 'the explanation when no detail');
    assert.equal(document.message, 'Access to this resource is denied.');
  });

  it("links a redirect's location in every format; its JSON is not a problem document", () => {
    const html = new HTTPSeeOther('/next?a=<1>');
    html.prepareBody(BROWSER);
    assert.match(String(html.body), /<a href="\/next\?a=%3C1%3E">\/next\?a=%3C1%3E<\/a>/);
    const json = new HTTPSeeOther('/next');
    json.prepareBody('application/json');
    assert.equal(json.contentType, 'application/json; charset=utf-8');
    assert.equal(JSON.parse(String(json.body)).location, '/next');
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
    const notAllowed = new HTTPMethodNotAllowed({ allow: ['GET', 'HEAD'] });
    notAllowed.prepareBody(BROWSER);
    assert.equal(notAllowed.headers.get('allow'), 'GET, HEAD', 'the page keeps Allow');
    assert.match(String(notAllowed.body), /<title>405 Method Not Allowed<\/title>/);
  });
});
