// `ziggurat routes`: the table and the JSON listing of the fixture app's routes and static views, and what
// it says for an app that dispatches by traversal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, FIXTURE_INI, serverAppSettings, settingsDir, TRAVERSAL_APP } from './helpers.js';

describe('ziggurat routes', () => {
  it('prints a table of name, pattern, methods, views and predicates', async () => {
    const { code, stdout } = await cli(['routes', FIXTURE_INI]);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^Name +Pattern +Methods +Views +Predicates$/);
    assert.match(stdout, /^home +\/ +\* +home$/m);
    assert.match(stdout, /^item +\/items\/\{id\} +GET,HEAD,POST +showItem, ItemViews\.update$/m);
    assert.match(stdout, /^api +\/api\/\{name\} +\* +showItem +header x-api$/m);
    assert.equal(lines.length, 2 + 6 + 1);
  });

  it('lists the static views after the routes, with the directory they serve', async () => {
    const { code, stdout } = await cli(['routes']);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines.at(-1) ?? '', /^static +\/static\/\*subpath +GET,HEAD +static files of static\/?$/);
    const json = JSON.parse((await cli(['routes', '--json'])).stdout) as Array<Record<string, unknown>>;
    const last = json.at(-1);
    assert.equal(last?.name, 'static');
    assert.equal(last?.static, true);
    assert.equal(last?.pattern, '/static/*subpath');
    assert.match(String(last?.directory), /test\/cli\/fixture-app\/static\/?$/);
    assert.match(String(last?.location), /app\.ts:\d+$/);
  });

  it('says that an app without routes dispatches by traversal: root factory and context views', async () => {
    const { dir } = settingsDir(`[app]\nuse = ${TRAVERSAL_APP}\n`);
    const { code, stdout } = await cli(['routes'], { cwd: dir });
    assert.equal(code, 0);
    assert.match(stdout, /^No routes: the app dispatches by traversal/);
    assert.match(stdout, /^root factory: makeRoot$/m);
    assert.match(stdout, /^Context +Name +View +Predicates +Added at$/m);
    assert.match(stdout, /^Folder +'' +listing +\S*traversal-app\/app\.ts:\d+$/m);
    assert.match(stdout, /^Folder +'add' +addForm +requestMethod = POST +\S*app\.ts:\d+$/m);
    assert.match(stdout, /^static +\/static\/\*subpath +\S+traversal-app\/static\/?$/m);
  });

  it("lists the routes added to Fastify itself (the health add-on's) last, and none of Ziggurat's", async () => {
    const { dir } = settingsDir(serverAppSettings());
    const { code, stdout } = await cli(['routes'], { cwd: dir });
    assert.equal(code, 0);
    const section = stdout.slice(stdout.indexOf('Added to Fastify itself (configureFastify):'));
    assert.match(section, /^URL +Methods$/m);
    assert.deepEqual(section.trimEnd().split('\n').slice(3), [
      '/_health/live   GET,HEAD',
      '/_health/ready  GET,HEAD',
    ]);
    const json = JSON.parse((await cli(['routes', '--json'], { cwd: dir })).stdout) as Array<
      Record<string, unknown>
    >;
    assert.deepEqual(
      json.filter((entry) => entry.fastify === true),
      [
        { url: '/_health/live', methods: ['GET', 'HEAD'], fastify: true },
        { url: '/_health/ready', methods: ['GET', 'HEAD'], fastify: true },
      ],
    );
    // The fixture app adds nothing to Fastify itself: no section.
    assert.doesNotMatch((await cli(['routes', FIXTURE_INI])).stdout, /Added to Fastify itself/);
  });

  it('prints JSON with --json, from the default development.ini', async () => {
    const { code, stdout } = await cli(['routes', '--json']);
    assert.equal(code, 0);
    const routes = JSON.parse(stdout);
    assert.deepEqual(
      routes.map((route: { name: string }) => route.name),
      ['home', 'item', 'api', 'slow', 'echo', 'special', 'static'],
    );
    const item = routes[1];
    assert.deepEqual(
      item.views.map((view: { predicates: string[] }) => view.predicates),
      [['requestMethod = GET,HEAD'], ['requestMethod = POST']],
    );
  });
});
