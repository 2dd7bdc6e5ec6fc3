// Response schemas: the json renderer serializes through fast-json-stringify, by status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { BeforeRender, type Request } from '../../../lib/index.js';
import { appWith, call } from '../../helpers.js';

const User = Type.Object({ id: Type.Integer(), name: Type.String() });
const stored = { id: 1, name: 'Ada', passwordHash: '$argon2id$secret', extra: { nested: true } };

describe('view schemas: response serialization', () => {
  it('sends only the properties the response schema declares (never the password hash)', async () => {
    const app = await appWith((config) => {
      config.addRoute('user', '/users/{id}');
      config.addView(() => ({ ...stored }), {
        routeName: 'user',
        renderer: 'json',
        schema: { response: { 200: User } },
      });
    });
    const { status, headers, body } = await call(app, '/users/1');
    assert.equal(status, 200);
    assert.equal(headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(body, '{"id":1,"name":"Ada"}');
    assert.doesNotMatch(body, /passwordHash|argon2/);
  });

  it("picks the schema by the response's status: exact, then 2XX, then default", async () => {
    const app = await appWith((config) => {
      config.addRoute('status', '/status/{code}');
      config.addView(
        (request: Request) => {
          request.response.status = Number(request.matchdict.code);
          return { id: 2, name: 'Bo', note: 'n', passwordHash: 'x' };
        },
        {
          routeName: 'status',
          renderer: 'json',
          schema: {
            response: {
              201: Type.Object({ id: Type.Integer() }),
              '2XX': Type.Object({ name: Type.String() }),
              default: Type.Object({ note: Type.String() }),
            },
          },
        },
      );
    });
    assert.equal((await call(app, '/status/201')).body, '{"id":2}');
    assert.equal((await call(app, '/status/202')).body, '{"name":"Bo"}');
    assert.equal((await call(app, '/status/409')).body, '{"note":"n"}');
  });

  it('renders a status without a schema as plain JSON', async () => {
    const app = await appWith((config) => {
      config.addRoute('made', '/made');
      config.addView(
        (request: Request) => {
          request.response.status = 202;
          return { id: 3, extra: true };
        },
        { routeName: 'made', renderer: 'json', schema: { response: { 200: User } } },
      );
    });
    assert.deepEqual((await call(app, '/made')).json, { id: 3, extra: true });
  });

  it('serializes the values BeforeRender subscribers leave', async () => {
    const app = await appWith((config) => {
      config.addSubscriber((event: BeforeRender) => {
        (event.values as Record<string, unknown>).name = 'From subscriber';
      }, BeforeRender);
      config.addRoute('user', '/user');
      config.addView(() => ({ id: 4, name: 'Cy', passwordHash: 'x' }), {
        routeName: 'user',
        renderer: 'json',
        schema: { response: { 200: User } },
      });
    });
    assert.equal((await call(app, '/user')).body, '{"id":4,"name":"From subscriber"}');
  });

  it('works for the json renderer registered under another name', async () => {
    const { jsonRenderer } = await import('../../../lib/index.js');
    const app = await appWith((config) => {
      config.addRenderer('api', jsonRenderer);
      config.addRoute('user', '/user');
      config.addView(() => ({ ...stored }), {
        routeName: 'user',
        renderer: 'api',
        schema: { response: { 200: User } },
      });
    });
    assert.equal((await call(app, '/user')).body, '{"id":1,"name":"Ada"}');
  });
});
