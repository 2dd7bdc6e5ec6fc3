// `ziggurat routes`: the table and the JSON listing of the fixture app's routes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, FIXTURE_INI } from './helpers.js';

describe('ziggurat routes', () => {
  it('prints a table of name, pattern, methods, views and predicates', async () => {
    const { code, stdout } = await cli(['routes', FIXTURE_INI]);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^Name +Pattern +Methods +Views +Predicates$/);
    assert.match(stdout, /^home +\/ +\* +home$/m);
    assert.match(stdout, /^item +\/items\/\{id\} +GET,HEAD,POST +showItem, ItemViews\.update$/m);
    assert.match(stdout, /^api +\/api\/\{name\} +\* +showItem +header x-api$/m);
    assert.equal(lines.length, 2 + 4);
  });

  it('prints JSON with --json, from the default development.ini', async () => {
    const { code, stdout } = await cli(['routes', '--json']);
    assert.equal(code, 0);
    const routes = JSON.parse(stdout);
    assert.deepEqual(
      routes.map((route: { name: string }) => route.name),
      ['home', 'item', 'api', 'slow'],
    );
    const item = routes[1];
    assert.deepEqual(
      item.views.map((view: { predicates: string[] }) => view.predicates),
      [['requestMethod = GET,HEAD'], ['requestMethod = POST']],
    );
  });
});
