// `ziggurat serve --reload` on a scaffolded app: it compiles in watch mode, restarts without refusing requests.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createProject } from '../../lib/cli/create.js';
import { changeKind, isCompilerChange, isIgnoredChange, type Watched } from '../../lib/cli/reload-changes.js';
import { CliProcess, ROOT, within } from './helpers.js';

describe('isIgnoredChange', () => {
  it("ignores dependencies, dot-files and the app's data under var/", () => {
    for (const path of [
      'node_modules/ziggurat/index.js',
      '.git/index',
      'src/.app.ts.swp',
      'var/app.sqlite',
      'var/app.sqlite-journal',
      'var\\app.sqlite',
    ]) {
      assert.equal(isIgnoredChange(path), true, path);
    }
  });

  it('restarts for sources, builds, templates and settings', () => {
    for (const path of [
      'development.ini',
      'dist/src/app.js',
      'templates/home.hbs',
      'src/variables.ts',
      'variant/x.js',
    ]) {
      assert.equal(isIgnoredChange(path), false, path);
    }
  });
});

describe('isCompilerChange', () => {
  it("leaves TypeScript sources, tsconfigs and the compiler's output to the compiler", () => {
    for (const path of [
      'src/app.ts',
      'src/x.d.ts',
      'src/page.tsx',
      'src/a.mts',
      'tsconfig.json',
      'dist/src/app.js',
    ])
      assert.equal(isCompilerChange(path, 'dist'), true, path);
  });

  it('restarts for settings, templates, static files and JavaScript outside the outDir', () => {
    for (const path of [
      'development.ini',
      'templates/home.hbs',
      'static/site.css',
      'migrations/0001.js',
      'distant.js',
    ])
      assert.equal(isCompilerChange(path, 'dist'), false, path);
    assert.equal(isCompilerChange('dist/src/app.js', undefined), false);
  });
});

describe('changeKind', () => {
  const root = mkdtempSync(join(tmpdir(), 'zig-changes-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'templates'));
  writeFileSync(join(root, 'templates/home.hbs'), 'home');
  writeFileSync(join(root, 'development.ini'), '[app]');
  const watched: Watched = {
    root,
    compiler: { outDir: 'dist' },
    files: new Set([
      join(root, 'templates/home.hbs'),
      join(root, 'development.ini'),
      join(root, 'static/gone.css'),
    ]),
    templates: new Set([join(root, 'templates/home.hbs')]),
  };

  it('restarts for settings and for a file deleted since the start, not for a template re-read', () => {
    assert.equal(changeKind('development.ini', watched), 'restart');
    assert.equal(changeKind('static/gone.css', watched), 'restart');
    assert.equal(changeKind('templates/home.hbs', watched), 'template');
  });

  it("ignores a temporary file that is gone already (sed -i, editors' saves) and the compiler's files", () => {
    assert.equal(changeKind('src/views/sedx8Yz1Q', watched), 'ignore');
    assert.equal(changeKind('src/views/home.ts', watched), 'ignore');
    assert.equal(changeKind('dist/src/app.js', watched), 'ignore');
  });
});

/** Bounds, so that a broken reloader fails the test instead of hanging it. */
const COMPILE_MS = 90_000;
const run = promisify(execFile);

/** Fetch `url`'s text, or a description of the failure. */
async function get(url: string): Promise<{ status: number; text: string } | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { error: String((error as Error).cause ?? error) };
  }
}

/** Request `url` in a loop until `done` says stop (or `ms` pass); every answer that is not a 200 is a failure. */
async function requestLoop(url: string, done: (text: string) => boolean, ms: number) {
  const failures: string[] = [];
  const deadline = Date.now() + ms;
  let count = 0;
  for (;;) {
    const answer = await get(url);
    count++;
    if ('error' in answer) failures.push(answer.error);
    else if (answer.status !== 200) failures.push(`status ${answer.status}`);
    else if (done(answer.text)) return { failures, count, reached: true };
    if (Date.now() > deadline) return { failures, count, reached: false };
  }
}

/**
 * Replace `from` by `to` in a file of the app, checking that `from` is there. Written as `sed -i` and
 * many editors save: a temporary file beside it, renamed over it.
 */
function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${file} has no ${from}`);
  const temporary = join(dirname(file), `sed${process.pid}${Date.now() % 1000}`);
  writeFileSync(temporary, text.replace(from, to));
  renameSync(temporary, file);
}

describe('serve --reload on a scaffolded TypeScript app', () => {
  const temp = mkdtempSync(join(tmpdir(), 'zig-reload-'));
  const app = join(temp, 'shop');
  let server: CliProcess | undefined;
  let url = '';

  before(async () => {
    // The app depends on this checkout (as `ziggurat create` makes it), whose dist/ must be current.
    await run(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
    });
    createProject({ target: app, scaffold: 'starter' });
    // What `npm install` would link, without the network: this checkout, its TypeScript and Node's types.
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(ROOT, join(app, 'node_modules', 'ziggurat'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', 'typescript'), join(app, 'node_modules', 'typescript'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', '@types'), join(app, 'node_modules', '@types'), 'dir');
    // The command from dist/ too, so the command and the app share one copy of the framework (as an
    // installed app's do); build/'s copy would not know the registry the app's copy made.
    server = new CliProcess(['serve', 'development.ini', '--reload'], {
      script: `${ROOT}bin/ziggurat.js`,
      cwd: app,
      env: { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn' },
    });
  });

  after(async () => {
    if (server) await within(server.stop(), 30_000, 'the reloader stopping').catch(() => server?.kill());
    rmSync(temp, { recursive: true, force: true });
  });

  it('compiles the app before its first start (it was never built) and serves it', {
    timeout: COMPILE_MS,
  }, async () => {
    assert.ok(server);
    await server.waitFor(/compiling tsconfig\.json in watch mode/, 0, COMPILE_MS);
    url = await within(server.url(), COMPILE_MS, 'the first start');
    const home = await get(`${url}/`);
    assert.ok('text' in home, JSON.stringify(home));
    assert.match(home.text, /<h1>Welcome to Shop<\/h1>/);
  });

  it('serves an edited .ts view after the rebuild, restarting once the JavaScript is written and refusing no request', {
    timeout: COMPILE_MS,
  }, async () => {
    assert.ok(server && url);
    const mark = server.output.length;
    edit(join(app, 'src/views/default.ts'), "project: 'Shop'", "project: 'Shop Reloaded'");
    const loop = await requestLoop(
      `${url}/`,
      (text) => text.includes('Welcome to Shop Reloaded'),
      COMPILE_MS - 10_000,
    );
    assert.ok(loop.reached, `the edit was not served; output:\n${server.output.slice(mark)}`);
    assert.deepEqual(loop.failures, [], `${loop.failures.length} of ${loop.count} requests failed`);
    const output = server.output.slice(mark);
    assert.match(output, /Found 0 errors\. Watching for file changes\.[\s\S]*compiled, restarting/);
    assert.doesNotMatch(output, /default\.ts changed/, 'no restart on the .ts edit itself');
    assert.match(output, /serving .* at http:\/\/127\.0\.0\.1:\d+ /);
    assert.equal(await server.url(mark), url, 'the same port');
  });

  it('prints compile errors and keeps serving the running code until they are fixed', {
    timeout: COMPILE_MS,
  }, async () => {
    assert.ok(server && url);
    const mark = server.output.length;
    const view = join(app, 'src/views/default.ts');
    edit(view, "project: 'Shop Reloaded'", "project: 'Shop Broken' as number");
    await server.waitFor(/compile error\(s\): the server keeps the code it runs/, mark, COMPILE_MS);
    const output = server.output.slice(mark);
    assert.match(output, /src\/views\/default\.ts\(\d+,\d+\): error TS\d+/);
    assert.doesNotMatch(output, /restarting|serving/);
    const home = await get(`${url}/`);
    assert.ok('text' in home && home.text.includes('Welcome to Shop Reloaded'), JSON.stringify(home));
    edit(view, "project: 'Shop Broken' as number", "project: 'Shop Fixed'");
    const loop = await requestLoop(
      `${url}/`,
      (text) => text.includes('Welcome to Shop Fixed'),
      COMPILE_MS - 10_000,
    );
    assert.ok(loop.reached, `the fix was not served; output:\n${server.output.slice(mark)}`);
    assert.deepEqual(loop.failures, []);
  });

  it('serves an edited template at once, with no restart and no failed request', {
    timeout: COMPILE_MS,
  }, async () => {
    assert.ok(server && url);
    const mark = server.output.length;
    const looping = requestLoop(`${url}/`, (text) => text.includes('<p class="edited">Edited</p>'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    edit(join(app, 'templates/home.hbs'), '{{/layout}}', '<p class="edited">Edited</p>\n{{/layout}}');
    const loop = await looping;
    assert.ok(loop.reached, `the template edit was not served; output:\n${server.output.slice(mark)}`);
    assert.deepEqual(loop.failures, [], `${loop.failures.length} of ${loop.count} requests failed`);
    await server.waitFor(/home\.hbs changed \(handlebars\.reload: no restart\)/, mark, 10_000);
    assert.doesNotMatch(server.output.slice(mark), /restarting|serving/);
  });

  it('restarts for a static file without refusing a request', { timeout: COMPILE_MS }, async () => {
    assert.ok(server && url);
    const mark = server.output.length;
    const looping = requestLoop(
      `${url}/`,
      () => server?.output.slice(mark).includes('stopped (pid') ?? false,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(
      join(app, 'static/site.css'),
      `${readFileSync(join(app, 'static/site.css'), 'utf8')}\n/* edited */\n`,
    );
    const loop = await looping;
    assert.ok(loop.reached, `no restart; output:\n${server.output.slice(mark)}`);
    assert.deepEqual(loop.failures, [], `${loop.failures.length} of ${loop.count} requests failed`);
    assert.match(server.output.slice(mark), /static\/site\.css changed, restarting/);
  });
});
