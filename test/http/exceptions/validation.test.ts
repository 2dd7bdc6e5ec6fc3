// RequestValidationError, and the problem members any HTTP exception may add to its JSON document.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { HTTPBadRequest, HTTPConflict, type Request, RequestValidationError } from '../../../lib/index.js';
import { appWith, call } from '../../helpers.js';

const failures = [
  { location: 'body', pointer: '/title', message: 'must be string' },
  { location: 'query', pointer: '/page', message: 'must be integer' },
] as const;

describe('RequestValidationError and problem members', () => {
  it('is a 400 whose problem document lists the failures in errors', () => {
    const error = new RequestValidationError(failures);
    assert.ok(error instanceof HTTPBadRequest);
    assert.equal(error.status, 400);
    assert.deepEqual(error.errors, failures);
    assert.equal(
      error.detail,
      "The request does not match the view's schema: body/title must be string; query/page must be integer",
    );
    error.prepareBody('*/*');
    assert.equal(error.contentType, 'application/problem+json; charset=utf-8');
    const document = JSON.parse(String(error.body));
    assert.equal(document.type, 'about:blank');
    assert.equal(document.status, 400);
    assert.deepEqual(document.errors, failures);
  });

  it('shows a browser its HTML page, the failures in the detail', () => {
    const error = new RequestValidationError(failures);
    error.prepareBody('text/html,*/*;q=0.8');
    assert.match(String(error.contentType), /^text\/html/);
    assert.match(String(error.body), /body\/title must be string/);
  });

  it('lets any HTTP exception add members to its problem document, but not change its status', () => {
    const error = new HTTPConflict({
      detail: 'That name is taken',
      problem: { type: 'https://example.com/problems/taken', instance: '/names/ada', status: 200 },
    });
    error.prepareBody('application/json');
    const document = JSON.parse(String(error.body));
    assert.equal(document.type, 'https://example.com/problems/taken');
    assert.equal(document.instance, '/names/ada');
    assert.equal(document.status, 409);
    assert.equal(document.detail, 'That name is taken');
  });

  it('can be answered by an exception view of its own', async () => {
    const app = await appWith((config) => {
      config.addRoute('form', '/form');
      config.addView(() => ({ saved: true }), {
        routeName: 'form',
        renderer: 'json',
        schema: { body: Type.Object({ title: Type.String() }) },
      });
      config.addExceptionView(
        (request: Request) => ({
          invalid: (request.exception as RequestValidationError).errors.map((e) => e.pointer),
        }),
        { context: RequestValidationError, renderer: 'json' },
      );
    });
    const { status, json } = await call(app, { method: 'POST', url: '/form', payload: {} });
    assert.equal(status, 400);
    assert.deepEqual(json, { invalid: ['/title'] });
  });
});
