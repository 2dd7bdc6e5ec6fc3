// Built-in predicates are made once per value and registry, and so are the lists of them; a
// predicate factory the app adds makes one per route or view, as before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configurator, not, type Request, type RouteInfo } from '../../lib/index.js';
import { call } from '../helpers.js';

/** An app whose views answer with nothing but record the route each request matched. */
function recordingConfig(seen: RouteInfo[]): Configurator {
  const config = new Configurator();
  const record = (request: Request) => {
    seen.push(request.matchedRoute as RouteInfo);
    return {};
  };
  for (const name of ['a', 'b']) {
    config.addRoute(name, `/${name}`, { requestMethod: 'GET', accept: 'application/json' });
    config.addView(record, { routeName: name, renderer: 'json' });
  }
  return config;
}

describe('shared predicates', () => {
  it('give the routes asking for the same values one predicate each, and one list', async () => {
    const seen: RouteInfo[] = [];
    const app = await recordingConfig(seen).makeApp();
    assert.equal((await call(app, '/a')).status, 200);
    assert.equal((await call(app, '/b')).status, 200);
    const [a, b] = seen as [RouteInfo, RouteInfo];
    assert.notEqual(a.name, b.name);
    assert.equal(a.predicates, b.predicates);
    assert.deepEqual(
      a.predicates.map((predicate) => predicate.text()),
      ['requestMethod = GET,HEAD', 'accept = application/json'],
    );
  });

  it('still decide for each request as the values say', async () => {
    const app = await recordingConfig([]).makeApp();
    assert.equal((await call(app, { method: 'POST', url: '/a' })).status, 405);
    assert.equal((await call(app, { url: '/b', headers: { accept: 'text/html' } })).status, 404);
    assert.equal((await call(app, { url: '/b', headers: { accept: 'application/json' } })).status, 200);
  });

  it('are not shared between two apps', async () => {
    const first: RouteInfo[] = [];
    const second: RouteInfo[] = [];
    await call(await recordingConfig(first).makeApp(), '/a');
    await call(await recordingConfig(second).makeApp(), '/a');
    assert.notEqual(first[0]?.predicates[0], second[0]?.predicates[0]);
  });

  it("keep a predicate of the app's own, and a negated one, per route", async () => {
    const seen: RouteInfo[] = [];
    let made = 0;
    const config = new Configurator();
    config.addRoutePredicate('tagged', (value: string) => {
      made++;
      return { text: () => `tagged ${value}`, phash: () => `tagged ${value}`, call: () => true };
    });
    const record = (request: Request) => {
      seen.push(request.matchedRoute as RouteInfo);
      return {};
    };
    for (const name of ['a', 'b']) {
      config.addRoute(name, `/${name}`, { tagged: 'x', requestMethod: not('POST') } as never);
      config.addView(record, { routeName: name, renderer: 'json' });
    }
    const app = await config.makeApp();
    await call(app, '/a');
    await call(app, '/b');
    assert.equal(made, 2);
    const [a, b] = seen as [RouteInfo, RouteInfo];
    assert.notEqual(a.predicates, b.predicates);
    assert.notEqual(a.predicates[0], b.predicates[0]);
    assert.notEqual(a.predicates[1], b.predicates[1]);
  });
});
