// The debug toolbar's panels: what each one shows of a request, through an app's real dispatch.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import handlebars from '../../../addons/handlebars/index.js';
import sqlAddon from '../../../addons/sql/index.js';
import {
  ACLHelper,
  Allow,
  type Configurator,
  Everyone,
  type Handler,
  type Request,
  type SecurityPolicy,
} from '../../../lib/index.js';
import { newestRecordUrl, panelAfter, toolbarApp } from './toolbar-app.js';

/** Everyone may 'view'; nobody may 'edit'. */
class Root {
  readonly __name__ = '';
  readonly __parent__ = null;
  readonly __acl__ = [[Allow, Everyone, 'view']] as const;
}

const aclPolicy: SecurityPolicy = {
  identity: () => null,
  authenticatedUserid: () => null,
  permits: (_request, context, permission) => new ACLHelper().permits(context, [Everyone], permission),
  remember: () => [],
  forget: () => [],
};

function templates(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zig-toolbar-'));
  writeFileSync(join(dir, 'greeting.hbs'), '<!doctype html><html><body><h1>{{title}}</h1></body></html>');
  return dir;
}

describe('debug toolbar panels', () => {
  it('Request: method, URL, query, headers, cookies, extensions, response status and headers', async () => {
    const app = await toolbarApp({}, (config) =>
      config.addRequestMethod(() => 'blue', 'colour', { property: true }),
    );
    const section = await panelAfter(
      app,
      { url: '/data/9?sort=asc', headers: { cookie: 'theme=dark', 'x-probe': 'yes' } },
      'request',
    );
    assert.match(section, /<td>http:\/\/localhost\/data\/9\?sort=asc<\/td>/);
    assert.match(section, /<th>sort<\/th><td><pre>asc<\/pre>/);
    assert.match(section, /<th>x-probe<\/th><td><pre>yes<\/pre>/);
    assert.match(section, /<th>theme<\/th><td><pre>dark<\/pre>/);
    assert.match(section, /<code>request\.colour<\/code>/);
    assert.match(section, /<th>status<\/th><td>200<\/td>/);
    assert.match(section, /<th>Content-Type<\/th><td><pre>application\/json/);
  });

  it('Dispatch: route, pattern, matchdict, each candidate view with its predicates, the permission and the ACL answer', async () => {
    const app = await toolbarApp({}, (config) => {
      config.setRootFactory(() => new Root());
      config.setSecurityPolicy(aclPolicy);
      config.addRoute('doc', '/doc/{name}');
      config.addView(
        function withParam() {
          return { which: 'param' };
        },
        { routeName: 'doc', requestParam: 'full', renderer: 'json' },
      );
      config.addView(
        function readDoc() {
          return { which: 'plain' };
        },
        { routeName: 'doc', permission: 'view', renderer: 'json' },
      );
      config.addRoute('secret', '/secret');
      config.addView(() => ({}), { routeName: 'secret', permission: 'edit', renderer: 'json' });
    });
    const section = await panelAfter(app, '/doc/intro', 'dispatch');
    assert.match(section, /<th>route<\/th><td>doc<\/td>/);
    assert.match(section, /<code>\/doc\/\{name\}<\/code>/);
    assert.match(section, /<th>name<\/th><td><pre>intro<\/pre>/);
    assert.match(section, /<td>withParam<\/td>.*<span class="zdt-fail">fail<\/span> requestParam full/);
    assert.match(section, /<td>\u2192 readDoc<\/td>/);
    assert.match(section, /Outcome: <strong>view readDoc<\/strong>/);
    assert.match(
      section,
      /<td>view<\/td><td>Root '?'?[^<]*<\/td><td><span class="zdt-pass">pass<\/span><\/td><td>ACLAllowed: permission &#39;view&#39; via ACE/,
    );
    const denied = await panelAfter(app, '/secret', 'dispatch');
    assert.match(denied, /<td>edit<\/td>.*<span class="zdt-fail">fail<\/span><\/td><td>ACLDenied/);
  });

  it('Dispatch: the traversal (context, view name, subpath, traversed) when no route matches', async () => {
    class Folder {
      readonly __name__: string;
      readonly __parent__: Folder | null;
      constructor(name: string, parent: Folder | null) {
        this.__name__ = name;
        this.__parent__ = parent;
      }
      __getitem__(name: string) {
        return name === 'docs' && this.__parent__ === null ? new Folder('docs', this) : undefined;
      }
    }
    const app = await toolbarApp({}, (config) => {
      config.setRootFactory(() => new Folder('', null));
      config.addView(() => ({ ok: true }), { context: Folder, name: 'edit', renderer: 'json' });
    });
    const section = await panelAfter(app, '/docs/edit/a/b', 'dispatch');
    assert.match(section, /No route matched: traversal from the root/);
    assert.match(section, /<th>context<\/th><td><pre>Folder \/docs\/<\/pre>/);
    assert.match(section, /<th>view name<\/th><td><pre>edit<\/pre>/);
    assert.match(section, /<th>subpath<\/th><td><pre>\[ &#39;a&#39;, &#39;b&#39; \]<\/pre>/);
    assert.match(section, /<th>traversed<\/th><td><pre>\[ &#39;docs&#39; \]<\/pre>/);
  });

  it('Dispatch: shows the context the request found, without running the root factory or traversal again', async () => {
    // A root factory or __getitem__ may use request.db: run again for the panel, on a copy of the
    // request, it would open a transaction that nothing closes.
    const calls = { root: 0, getitem: 0 };
    class Shelf {
      readonly __name__: string;
      readonly __parent__: Shelf | null;
      constructor(name: string, parent: Shelf | null) {
        this.__name__ = name;
        this.__parent__ = parent;
      }
      __getitem__(name: string) {
        calls.getitem++;
        return name === 'books' ? new Shelf(name, this) : undefined;
      }
    }
    const app = await toolbarApp({}, (config) => {
      config.setRootFactory(() => {
        calls.root++;
        return new Shelf('', null);
      });
      config.addView(() => ({ ok: true }), { context: Shelf, renderer: 'json' });
    });
    const section = await panelAfter(app, '/books', 'dispatch');
    assert.deepEqual(calls, { root: 1, getitem: 1 });
    assert.match(section, /<th>context<\/th><td><pre>Shelf \/books\/<\/pre>/);
    assert.match(section, /Outcome: <strong>view /);
  });

  it('Rendering: each template, its file, its time and the values it got', async () => {
    const dir = templates();
    const app = await toolbarApp({ 'handlebars.directories': dir }, (config) => {
      config.include(handlebars);
      config.addRoute('hello', '/hello');
      config.addView(() => ({ title: 'Hello there', items: [1, 2] }), {
        routeName: 'hello',
        renderer: 'greeting.hbs',
      });
    });
    const section = await panelAfter(app, '/hello', 'rendering');
    assert.match(section, /<code class="zdt-renderer">greeting\.hbs<\/code> in \d+\.\d\d ms/);
    assert.ok(section.includes(`<td>${join(dir, 'greeting.hbs')}</td>`), section);
    assert.match(section, /title: &#39;Hello there&#39;, items: \[ 1, 2 \]/);
  });

  it('SQL: each query of request.db with its parameters and time, and EXPLAIN for a SELECT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zig-toolbar-sql-'));
    const app = await toolbarApp({ 'sql.url': `sqlite:${join(dir, 'test.db')}` }, (config) => {
      config.include(sqlAddon);
      config.addRoute('answer', '/answer');
      config.addView(
        async (request: Request) => {
          const { rows } = await sql<{ answer: number }>`select ${41} + 1 as answer`.execute(request.db);
          return rows[0];
        },
        { routeName: 'answer', renderer: 'json' },
      );
    });
    try {
      const section = await panelAfter(app, '/answer', 'sql');
      assert.match(section, /<pre class="zdt-sql">select \? \+ 1 as answer<\/pre>/);
      assert.match(section, /<pre>\[ 41 \]<\/pre>/);
      const explainUrl = /data-explain="([^"]+)"/.exec(section)?.[1];
      assert.ok(explainUrl, section);
      const explained = await app.inject({ method: 'POST', url: explainUrl });
      assert.equal(explained.statusCode, 200);
      assert.ok(Array.isArray(explained.json().plan));
      const missing = await app.inject({
        method: 'POST',
        url: explainUrl.replace(/\/0\/explain$/, '/5/explain'),
      });
      assert.equal(missing.statusCode, 404);
    } finally {
      await app.close();
    }
  });

  it("Performance: the total, and each tween (the app's too) and MAIN, outermost first", async () => {
    const app = await toolbarApp({}, (config) =>
      config.addTween(function slowTween(handler: Handler): Handler {
        return async (request) => {
          await new Promise((resolve) => setTimeout(resolve, 15));
          return handler(request);
        };
      }),
    );
    const section = await panelAfter(app, '/data/1', 'performance');
    const names = [
      ...section.matchAll(/<tr><td><code>([^<]+)<\/code><\/td><td>([\d.]+) ms<\/td><td>([\d.]+) ms/g),
    ];
    assert.deepEqual(
      names.map((match) => match[1]),
      ['slowTween', 'ziggurat.excview', 'MAIN'],
    );
    assert.ok(Number(names[0]?.[3]) >= 10, section);
    const total = Number(/total \(as the toolbar saw it\)<\/th><td>([\d.]+) ms/.exec(section)?.[1]);
    assert.ok(total >= Number(names[0]?.[2]));
    assert.match(section, /view \(MAIN without rendering\)<\/th><td>[\d.]+ ms/);
    assert.match(section, /<th>rendering<\/th><td>[\d.]+ ms/);
  });

  it('Logs: the records written through request.log during the request', async () => {
    const app = await toolbarApp({}, (config: Configurator) => {
      config.addRoute('noisy', '/noisy');
      config.addView(
        (request: Request) => {
          request.fastify.request.log.warn({ page: 3 }, 'page %d is slow', 3);
          request.fastify.request.log.child({ part: 'inner' }).info('from a child');
          return {};
        },
        { routeName: 'noisy', renderer: 'json' },
      );
    });
    const section = await panelAfter(app, '/noisy', 'logs');
    assert.match(section, /<td>warn<\/td><td>page %d is slow 3<\/td><td><pre>\{ page: 3 \}<\/pre>/);
    assert.match(section, /<td>info<\/td><td>from a child<\/td>/);
  });

  it('Global: settings with secrets masked, routes, tweens and versions', async () => {
    const app = await toolbarApp({
      'app.greeting': 'hi',
      'session.secret': 'do-not-show-me-0123456789',
      'app.database': 'postgres://wiki:hunter2@db/wiki',
    });
    const section = await panelAfter(app, '/data/1', 'global');
    assert.match(section, /<th>app\.greeting<\/th><td><pre>hi<\/pre>/);
    assert.match(section, /<th>session\.secret<\/th><td><pre>\*{8}<\/pre>/);
    assert.match(section, /postgres:\/\/wiki:\*{8}@db\/wiki/);
    assert.doesNotMatch(section, /hunter2|do-not-show-me/);
    assert.match(section, /<td>data<\/td><td><code>\/data\/\{id\}<\/code>/);
    assert.match(section, /<li><code>debugtoolbar<\/code>/);
    assert.match(section, /<th>node<\/th><td><pre>v\d+/);
    assert.match(section, /<th>fastify<\/th><td><pre>5\./);
  });

  it('keeps a request whose error no exception view answered, with the error', async () => {
    const app = await toolbarApp({}, (config) => {
      config.addRoute('boom', '/boom');
      config.addView(
        () => {
          throw new TypeError('the view broke');
        },
        { routeName: 'boom' },
      );
    });
    assert.equal((await app.inject('/boom')).statusCode, 500);
    const page = (await app.inject(await newestRecordUrl(app))).body;
    assert.match(page, /<pre class="zdt-fail" id="zdt-error">TypeError: the view broke/);
  });
});
