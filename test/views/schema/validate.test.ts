// Validation of a view's schema: after the view is chosen, before it runs, Fastify's Ajv options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import {
  ACLHelper,
  Allow,
  type Configurator,
  Everyone,
  HTTPNotFound,
  type Request,
  type SecurityPolicy,
  type ValidatedRequest,
  viewConfig,
} from '../../../lib/index.js';
import { appWith, call } from '../../helpers.js';

const JSON_BODY = { 'content-type': 'application/json' };

const Page = Type.Object(
  {
    title: Type.String({ minLength: 1 }),
    tags: Type.Array(Type.String(), { default: [] }),
  },
  { additionalProperties: false },
);

function pages(config: Configurator): void {
  config.addRoute('pages', '/pages/{id}');
  config.addView(
    (request) => ({ validated: request.validated, matchdict: request.matchdict, query: request.query }),
    {
      routeName: 'pages',
      renderer: 'json',
      requestMethod: 'POST',
      schema: {
        body: Page,
        params: Type.Object({ id: Type.Integer() }),
        query: Type.Object({
          draft: Type.Boolean({ default: false }),
          n: Type.Optional(Type.Array(Type.Integer())),
        }),
        headers: Type.Object({ 'x-tenant': Type.String() }),
      },
    },
  );
}

describe('view schemas: validation', () => {
  it('gives the view the validated parts: coerced, with defaults, without undeclared properties', async () => {
    const app = await appWith(pages);
    const { status, json } = await call(app, {
      method: 'POST',
      url: '/pages/7?n=3',
      headers: { ...JSON_BODY, 'x-tenant': 'acme' },
      payload: { title: 'Home', secret: 'dropped' },
    });
    assert.equal(status, 200);
    assert.deepEqual(json.validated.body, { title: 'Home', tags: [] });
    assert.deepEqual(json.validated.params, { id: 7 });
    assert.deepEqual(json.validated.query, { n: [3], draft: false });
    assert.equal(json.validated.headers['x-tenant'], 'acme');
    // The request's own matchdict and query are left as they came.
    assert.deepEqual(json.matchdict, { id: '7' });
    assert.deepEqual(json.query, { n: '3' });
  });

  it('answers 400 with a problem document listing each failing part', async () => {
    const app = await appWith(pages);
    const { status, headers, json } = await call(app, {
      method: 'POST',
      url: '/pages/seven',
      headers: { ...JSON_BODY, 'x-tenant': 'acme' },
      payload: { tags: ['a'] },
    });
    assert.equal(status, 400);
    assert.equal(headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(json.type, 'about:blank');
    assert.equal(json.title, 'Bad Request');
    assert.equal(json.status, 400);
    assert.match(json.detail, /params\/id must be integer; body\/title must have required property 'title'/);
    assert.deepEqual(json.errors, [
      { location: 'params', pointer: '/id', message: 'must be integer' },
      { location: 'body', pointer: '/title', message: "must have required property 'title'" },
    ]);
  });

  it('points into nested values and escapes JSON pointer tokens', async () => {
    const app = await appWith((config) => {
      config.addRoute('orders', '/orders');
      config.addView(() => ({}), {
        routeName: 'orders',
        renderer: 'json',
        schema: {
          body: Type.Object({ 'a/b~c': Type.Array(Type.Object({ price: Type.Number() })) }),
          headers: Type.Object({ 'x-key': Type.String() }),
        },
      });
    });
    const { json } = await call(app, {
      method: 'POST',
      url: '/orders',
      headers: JSON_BODY,
      payload: { 'a/b~c': [{ price: 1 }, { price: 'x' }] },
    });
    assert.deepEqual(json.errors, [
      { location: 'body', pointer: '/a~1b~0c/1/price', message: 'must be number' },
      { location: 'headers', pointer: '/x-key', message: "must have required property 'x-key'" },
    ]);
  });

  it('validates a missing body as null, as Fastify does', async () => {
    const app = await appWith((config) => {
      config.addRoute('items', '/items');
      config.addView(() => ({}), { routeName: 'items', renderer: 'json', schema: { body: Type.Object({}) } });
    });
    const { status, json } = await call(app, { method: 'POST', url: '/items' });
    assert.equal(status, 400);
    assert.deepEqual(json.errors, [{ location: 'body', pointer: '', message: 'must be object' }]);
  });

  it("runs the chosen view's schema: views sharing a route may have different ones", async () => {
    const app = await appWith((config) => {
      config.addRoute('things', '/things');
      config.addView((request) => ({ list: request.validated.query.limit }), {
        routeName: 'things',
        renderer: 'json',
        requestMethod: 'GET',
        schema: { query: Type.Object({ limit: Type.Integer({ default: 10 }) }) },
      });
      config.addView((request) => ({ made: request.validated.body.name }), {
        routeName: 'things',
        renderer: 'json',
        requestMethod: 'POST',
        schema: { body: Type.Object({ name: Type.String() }) },
      });
    });
    assert.deepEqual((await call(app, '/things')).json, { list: 10 });
    assert.deepEqual((await call(app, '/things?limit=3')).json, { list: 3 });
    const made = await call(app, { method: 'POST', url: '/things?limit=x', payload: { name: 'n' } });
    assert.deepEqual(made.json, { made: 'n' });
    // The body is coerced as Fastify coerces it (1 would become '1'), but an object is no string.
    const refused = await call(app, { method: 'POST', url: '/things', payload: { name: { first: 'n' } } });
    assert.equal(refused.status, 400);
  });

  it('checks the permission first: a forbidden request answers 403, not 400', async () => {
    const helper = new ACLHelper();
    const policy: SecurityPolicy = {
      identity: () => null,
      authenticatedUserid: () => null,
      permits: (_request, context, permission) => helper.permits(context, [Everyone], permission),
      remember: () => [],
      forget: () => [],
    };
    const app = await appWith((config) => {
      config.setSecurityPolicy(policy);
      config.setRootFactory(() => ({ __acl__: [[Allow, Everyone, 'view']] }));
      config.addRoute('notes', '/notes');
      config.addView(() => ({}), {
        routeName: 'notes',
        renderer: 'json',
        permission: 'edit',
        schema: { body: Type.Object({ text: Type.String() }) },
      });
    });
    assert.equal((await call(app, { method: 'POST', url: '/notes', payload: {} })).status, 403);
  });

  it('leaves a view without a schema alone: request.validated stays empty', async () => {
    const app = await appWith((config) => {
      config.addRoute('plain', '/plain/{id}');
      config.addView((request: Request) => ({ body: request.validated.params ?? 'none' }), {
        routeName: 'plain',
        renderer: 'json',
      });
    });
    assert.deepEqual((await call(app, '/plain/1')).json, { body: 'none' });
  });

  it('validates views declared with @viewConfig, typed with ValidatedRequest', async () => {
    const schema = { query: Type.Object({ q: Type.String({ minLength: 2 }) }) };
    class SearchViews {
      @viewConfig({ routeName: 'search', renderer: 'json', schema })
      search(request: ValidatedRequest<typeof schema>) {
        return { q: request.validated.query.q };
      }
    }
    const app = await appWith((config) => {
      config.addRoute('search', '/search');
      config.scan(SearchViews);
    });
    assert.deepEqual((await call(app, '/search?q=ziggurat')).json, { q: 'ziggurat' });
    assert.equal((await call(app, '/search?q=z')).status, 400);
  });

  it('answers errors the view raises with a problem document, even to */*', async () => {
    const app = await appWith((config) => {
      config.addRoute('item', '/items/{id}');
      config.addView(
        () => {
          throw new HTTPNotFound({ detail: 'No such item' });
        },
        { routeName: 'item', renderer: 'json', schema: { params: Type.Object({ id: Type.Integer() }) } },
      );
    });
    for (const accept of ['*/*', undefined]) {
      const { status, headers, json } = await call(app, {
        url: '/items/4',
        headers: accept === undefined ? {} : { accept },
      });
      assert.equal(status, 404);
      assert.equal(headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(json.detail, 'No such item');
    }
    const browser = await call(app, { url: '/items/4', headers: { accept: 'text/html,*/*;q=0.8' } });
    assert.match(String(browser.headers['content-type']), /^text\/html/);
  });
});
