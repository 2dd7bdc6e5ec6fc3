// The OpenAPI add-on's document: built from the committed views, valid against the official OpenAPI 3.1
// schema, served at openapi.path, and its settings and operationIds checked at commit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Type } from '@sinclair/typebox';
import openapi, { openApiDocument } from '../../../addons/openapi/index.js';
import { Configurator, type Settings, type ZigguratError } from '../../../lib/index.js';
import { notesConfig } from './app.js';

type Json = Record<string, any>;

async function validationErrors(document: unknown): Promise<unknown[]> {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document) as never);
  assert.equal(validator.version, '3.1');
  return result.valid ? [] : ((result.errors as unknown[]) ?? ['invalid']);
}

async function assertValid(document: unknown): Promise<void> {
  assert.deepEqual(await validationErrors(document), []);
}

async function documentOf(config: Configurator): Promise<Json> {
  await config.commit();
  return openApiDocument(config) as Json;
}

async function commitError(config: Configurator): Promise<ZigguratError> {
  const error = await config.commit().then(
    () => assert.fail('the commit should fail'),
    (caught: unknown) => caught as ZigguratError,
  );
  return error;
}

function configWith(settings: Settings = {}): Configurator {
  const config = new Configurator({ settings });
  config.include(openapi);
  return config;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and served at /openapi.json', async () => {
    const app = await notesConfig().makeApp({ logger: false });
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const document = response.json();
    await assertValid(document);
    assert.deepEqual(document, JSON.parse(JSON.stringify(openApiDocument(app))));
    assert.equal(document.openapi, '3.1.0');
    assert.deepEqual(document.info, { title: 'Notes', version: '1.2.0' });
    await app.close();
  });

  it('the validator catches a broken document (so the check above means something)', async () => {
    const document = await documentOf(notesConfig());
    const broken = structuredClone(document);
    broken.paths['/notes/{id}'].get.parameters[0].required = false; // path parameters must be required
    assert.notDeepEqual(await validationErrors(broken), []);
    const noVersion = structuredClone(document);
    delete noVersion.info.version;
    assert.notDeepEqual(await validationErrors(noVersion), []);
  });

  it('turns patterns into path templates: {x:regex} as a pattern, *rest as a parameter', async () => {
    const document = await documentOf(notesConfig());
    assert.deepEqual(Object.keys(document.paths), ['/notes', '/notes/{id}', '/files/{path}']);
    const [id] = document.paths['/notes/{id}'].get.parameters;
    assert.deepEqual(id, {
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'integer', pattern: '^(?:\\d+)$' },
    });
    const [rest] = document.paths['/files/{path}'].get.parameters;
    assert.equal(rest.in, 'path');
    assert.equal(rest['x-rest-of-path'], true);
    assert.match(rest.description, /rest of the path/);
  });

  it("lists each view's methods with its documentation options", async () => {
    const document = await documentOf(notesConfig());
    const notes = document.paths['/notes'];
    assert.deepEqual(Object.keys(notes), ['get', 'post']);
    assert.equal(notes.get.summary, 'List the notes');
    assert.equal(notes.get.operationId, 'listNotes');
    assert.deepEqual(notes.get.tags, ['notes']);
    assert.equal(notes.post.description, 'Editors only.');
    assert.equal(document.paths['/notes/{id}'].get.deprecated, true);
    assert.equal(notes.get.deprecated, undefined);
    assert.deepEqual(document.tags, [{ name: 'notes' }]);
    // A view for any method is listed as a GET (a POST when it takes a body).
    assert.deepEqual(Object.keys(document.paths['/files/{path}']), ['get']);
  });

  it('describes the schemas: query and header parameters, the JSON body, responses by status', async () => {
    const document = await documentOf(notesConfig());
    const list = document.paths['/notes'].get;
    assert.deepEqual(list.parameters, [
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
    ]);
    assert.equal(list.responses['200'].content['application/json'].schema.type, 'array');
    const add = document.paths['/notes'].post;
    assert.equal(add.requestBody.required, true);
    assert.deepEqual(add.requestBody.content['application/json'].schema.required, ['title']);
    assert.equal(add.responses['201'].description, 'Created');
    assert.deepEqual(Object.keys(add.responses['201'].content['application/json'].schema.properties), [
      'id',
      'title',
    ]);
    const get = document.paths['/notes/{id}'].get;
    assert.deepEqual(get.parameters[1], {
      name: 'x-trace',
      in: 'header',
      required: false,
      schema: { type: 'string' },
    });
    assert.equal(get.responses['4XX'].description, 'Any 4XX status');
    assert.deepEqual(document.paths['/files/{path}'].get.responses, {
      200: { description: 'OK', content: { 'application/json': {} } },
    });
  });

  it('answers validation failures and wrong bodies with the shared problem documents', async () => {
    const document = await documentOf(notesConfig());
    const add = document.paths['/notes'].post;
    assert.deepEqual(add.responses['400'], { $ref: '#/components/responses/ValidationFailed' });
    assert.deepEqual(add.responses['415'], { $ref: '#/components/responses/UnsupportedMediaType' });
    assert.equal(document.paths['/files/{path}'].get.responses['400'], undefined, 'no schema, no validation');
    const failed = document.components.responses.ValidationFailed;
    assert.deepEqual(failed.content['application/problem+json'].schema, {
      $ref: '#/components/schemas/ValidationProblem',
    });
    const problem = document.components.schemas.ValidationProblem.allOf[1].properties.errors.items;
    assert.deepEqual(problem.required, ['location', 'pointer', 'message']);
  });

  it('the 400, 415 and 403 it documents are what the app answers', async () => {
    const app = await notesConfig().makeApp({ logger: false });
    const document = openApiDocument(app) as Json;
    const response = await app.inject({
      method: 'POST',
      url: '/notes',
      headers: { 'x-user': 'editor' },
      payload: { title: '' },
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const body = response.json();
    const problem = document.components.schemas.ValidationProblem.allOf[1].properties.errors.items;
    for (const entry of body.errors)
      assert.deepEqual(Object.keys(entry).sort(), [...problem.required].sort());
    await app.close();
  });

  it('makes permissions security requirements with their 401 and 403 answers', async () => {
    const document = await documentOf(notesConfig({ 'openapi.securityScheme': 'header X-User' }));
    const add = document.paths['/notes'].post;
    assert.deepEqual(add.security, [{ app: ['edit'] }]);
    assert.deepEqual(add.responses['401'], { $ref: '#/components/responses/Unauthorized' });
    assert.deepEqual(add.responses['403'], { $ref: '#/components/responses/Forbidden' });
    assert.equal(document.paths['/notes'].get.security, undefined);
    assert.deepEqual(document.components.securitySchemes, {
      app: { type: 'apiKey', in: 'header', name: 'X-User' },
    });
    await assertValid(document);
  });

  it('leaves permissions out when no security policy checks them', async () => {
    const config = configWith();
    config.addRoute('items', '/items');
    config.addView(() => [], {
      routeName: 'items',
      renderer: 'json',
      permission: 'view',
      requestMethod: 'GET',
    });
    const document = await documentOf(config);
    assert.equal(document.paths['/items'].get.security, undefined);
    assert.equal(document.paths['/items'].get.responses['403'], undefined);
    assert.equal(document.components.securitySchemes, undefined);
  });

  it('lists traversal views under x-traversal', async () => {
    const document = await documentOf(notesConfig());
    assert.deepEqual(document['x-traversal'], [
      {
        context: 'Folder',
        name: 'contents',
        method: 'get',
        operation: {
          summary: 'A folder',
          responses: { 200: { description: 'OK', content: { 'text/plain': {} } } },
        },
      },
    ]);
  });

  it('documents views sharing a route and method as one operation', async () => {
    const config = configWith();
    config.addRoute('items', '/items');
    config.addView(() => [], { routeName: 'items', renderer: 'json', requestMethod: 'GET', summary: 'JSON' });
    config.addView(() => '', {
      routeName: 'items',
      renderer: 'string',
      requestMethod: 'GET',
      accept: 'text/plain',
    });
    const document = await documentOf(config);
    assert.equal(document.paths['/items'].get.summary, 'JSON');
    await assertValid(document);
  });
});

describe('the OpenAPI settings', () => {
  it('serve the document and the page where they say, or not at all', async () => {
    const app = await notesConfig({ 'openapi.path': '/api/spec.json', 'openapi.ui': 'false' }).makeApp({
      logger: false,
    });
    assert.equal((await app.inject({ url: '/api/spec.json' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/openapi.json' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/docs' })).statusCode, 404);
    await app.close();
  });

  it('fill info and servers', async () => {
    const document = await documentOf(
      notesConfig({
        'openapi.description': 'Notes, kept.',
        'openapi.servers': 'https://api.example.com/v1 /local',
      }),
    );
    assert.deepEqual(document.info, { title: 'Notes', version: '1.2.0', description: 'Notes, kept.' });
    assert.deepEqual(document.servers, [{ url: 'https://api.example.com/v1' }, { url: '/local' }]);
    await assertValid(document);
  });

  it('refuse a bad value at commit with ZIG_ERR_OPENAPI', async () => {
    for (const [key, value] of [
      ['openapi.path', 'openapi.json'],
      ['openapi.securityScheme', 'cookie'],
      ['openapi.securityScheme', 'oauth'],
      ['openapi.servers', 'ftp://example.com'],
      ['openapi.ui', '/openapi.json'],
    ]) {
      const error = await commitError(configWith({ [key as string]: value }));
      assert.equal(error.code, 'ZIG_ERR_OPENAPI', `${key} = ${value}`);
      assert.match(error.message, new RegExp(`'${key}'`));
    }
  });

  it('are declared, so a typo is reported with the closest name', async () => {
    const config = configWith({ 'openapi.titel': 'Notes' });
    await config.commit();
    const [warning] = config.registry.settingsWarnings;
    assert.match(warning?.message ?? '', /openapi\.titel.*openapi\.title/);
  });
});

describe('operationIds', () => {
  it('two views with one operationId fail the commit with both places', async () => {
    const config = configWith();
    config.addRoute('a', '/a');
    config.addRoute('b', '/b');
    config.addView(() => 1, { routeName: 'a', renderer: 'json', operationId: 'same' });
    config.addView(() => 2, { routeName: 'b', renderer: 'json', operationId: 'same' });
    const error = await commitError(config);
    assert.equal(error.code, 'ZIG_ERR_OPENAPI');
    assert.match(error.message, /'same'.*GET \/a .*GET \/b /);
  });

  it('a view answering several methods cannot have one', async () => {
    const config = configWith();
    config.addRoute('a', '/a');
    config.addView(() => 1, {
      routeName: 'a',
      renderer: 'json',
      requestMethod: ['PUT', 'PATCH'],
      operationId: 'save',
    });
    const error = await commitError(config);
    assert.equal(error.code, 'ZIG_ERR_OPENAPI');
    assert.match(error.message, /names one operation, but the view anonymous at .* answers PATCH and PUT/);
  });

  it('a view on GET (which answers HEAD too) has one operation', async () => {
    const config = configWith();
    config.addRoute('a', '/a');
    config.addView(() => 1, {
      routeName: 'a',
      renderer: 'json',
      requestMethod: 'GET',
      operationId: 'read',
      schema: { response: { 200: Type.Integer() } },
    });
    const document = await documentOf(config);
    assert.deepEqual(Object.keys(document.paths['/a']), ['get']);
  });
});
