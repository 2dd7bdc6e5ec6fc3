// Locations name the TypeScript source: a compiled app's conflicts, scan errors, `ziggurat views` call sites
// and logged errors say `src/*.ts:<line>`, through the real command and when the app runs with plain node.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CliProcess, ROOT, within } from './helpers.js';
import { BIN, compileApp, type TypeScriptApp } from './typescript-app.js';

// Type-only lines (erased by tsc) come before each marked line, so the .ts and .js lines differ.
const APP = `// The test app's entry point.
import { Configurator, type Settings } from 'ziggurat';
import { includeme as routes } from './routes.js';
import { boom, home, type Greeting } from './views.js';

/** The demo's own settings. */
export interface DemoSettings {
  conflict: boolean;
  scan: boolean;
}

export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings });
  config.include(routes);
  config.addView(home, { routeName: 'home', renderer: 'json' }); // MARK:home-view
  if (settings['demo.conflict'] === 'true') {
    const other = (): Greeting => ({ text: 'other' });
    config.addView(other, { routeName: 'home', renderer: 'json' }); // MARK:other-view
  }
  config.addView(boom, { routeName: 'boom', renderer: 'json' });
  if (settings['demo.scan'] === 'true') config.scan(new URL('./decorated.js', import.meta.url));
  return config;
}
`;

const ROUTES = `// The test app's routes.
import type { Configurator } from 'ziggurat';

type Pattern = \`/\${string}\`;

/** Add the routes. */
export function includeme(config: Configurator): void {
  const home: Pattern = '/';
  config.addRoute('home', home); // MARK:home-route
  config.addRoute('boom', '/boom');
}
`;

const VIEWS = `// The test app's views.
import type { Request } from 'ziggurat';

/** What the home view answers. */
export interface Greeting {
  text: string;
}

export function home(_request: Request): Greeting {
  return { text: 'hello' };
}

export function boom(_request: Request): Greeting {
  throw new Error('boom from the view'); // MARK:throw
}
`;

const DECORATED = `// Views declared with decorators, one naming a route that does not exist.
import { inject, Request, viewConfig } from 'ziggurat';

type Answer = { path: string };

export class Pages {
  constructor(@inject(Request) private readonly request: Request) {}

  @viewConfig({ routeName: 'nowhere', renderer: 'json' }) // MARK:decorator
  show(): Answer {
    return { path: this.request.path };
  }
}
`;

/** A script that commits the app's configuration itself, as an app's own start script or test would. */
const CHECK = `// Commit the app with a conflict and print the error's message.
import { main } from './app.js';

const config = main({ 'demo.conflict': 'true' });
try {
  await config.commit();
} catch (error) {
  console.log((error as Error).message);
}
`;

const INI = (extra: string) =>
  `[app]\nuse = ./dist/src/app.js\n${extra}\n[server]\nhost = 127.0.0.1\nport = 0\nshutdown_delay = 0\n[logging]\nlevel = error\n`;

describe('locations in a compiled TypeScript app', () => {
  let app: TypeScriptApp;

  before(async () => {
    app = await compileApp({
      'src/app.ts': APP,
      'src/routes.ts': ROUTES,
      'src/views.ts': VIEWS,
      'src/decorated.ts': DECORATED,
      'src/check.ts': CHECK,
      'development.ini': INI(''),
      'conflict.ini': INI('demo.conflict = true'),
      'scan.ini': INI('demo.scan = true'),
    });
  });
  after(() => app?.remove());

  it('names both .ts lines of a conflict, through the command', async () => {
    const result = await app.ziggurat('routes', 'conflict.ini');
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /ZIG_ERR_CONFIG_CONFLICT|Conflicting configuration/);
    assert.ok(
      result.stderr.includes(`src/app.ts:${app.lineOf('src/app.ts', 'MARK:home-view')}\n`),
      result.stderr,
    );
    assert.ok(
      result.stderr.includes(`src/app.ts:${app.lineOf('src/app.ts', 'MARK:other-view')}`),
      result.stderr,
    );
    assert.doesNotMatch(result.stderr, /dist\//);
  });

  it('names the .ts line of a decorator in a scan error', async () => {
    const result = await app.ziggurat('routes', 'scan.ini');
    assert.equal(result.code, 1, result.stdout);
    const line = app.lineOf('src/decorated.ts', 'MARK:decorator');
    assert.ok(result.stderr.includes(`src/decorated.ts:${line} (@viewConfig on Pages.show)`), result.stderr);
  });

  it('shows .ts call sites in ziggurat views and ziggurat routes --json', async () => {
    const views = await app.ziggurat('views', '/');
    assert.equal(views.code, 0, views.stderr);
    assert.ok(
      views.stdout.includes(`(src/app.ts:${app.lineOf('src/app.ts', 'MARK:home-view')})`),
      views.stdout,
    );
    const routes = await app.ziggurat('routes', '--json');
    const listed = JSON.parse(routes.stdout) as Array<{ name: string; location: string }>;
    const home = listed.find((route) => route.name === 'home');
    assert.equal(home?.location, `src/routes.ts:${app.lineOf('src/routes.ts', 'MARK:home-route')}`);
  });

  it("logs a view's error with the .ts file and line when served by ziggurat", async () => {
    const server = new CliProcess(['serve'], { cwd: app.dir, script: BIN });
    try {
      const url = await server.url();
      const response = await within(fetch(new URL('/boom', url)), 30_000, 'GET /boom');
      assert.equal(response.status, 500);
      const line = app.lineOf('src/views.ts', 'MARK:throw');
      await server.waitFor(new RegExp(`src/views\\.ts:${line}:\\d+`));
      assert.doesNotMatch(server.output, /dist\/src\/views\.js/);
    } finally {
      await server.kill();
    }
  });

  it('names the .ts lines of a conflict when the app runs with plain node', async () => {
    const result = await app.node('dist/src/check.js');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(
      result.stdout.includes(`src/app.ts:${app.lineOf('src/app.ts', 'MARK:home-view')}\n`),
      result.stdout,
    );
    assert.ok(
      result.stdout.includes(`src/app.ts:${app.lineOf('src/app.ts', 'MARK:other-view')}`),
      result.stdout,
    );
  });

  it("is what every scaffold's tsconfig.json asks for: source maps beside the compiled files", () => {
    for (const scaffold of ['starter', 'sql', 'traversal']) {
      const tsconfig = JSON.parse(readFileSync(`${ROOT}scaffolds/${scaffold}/tsconfig.json`, 'utf8'));
      assert.equal(tsconfig.compilerOptions.sourceMap, true, scaffold);
    }
  });
});
