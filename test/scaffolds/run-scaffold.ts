// Shared steps of the scaffold tests: create an app from a scaffold with the real command run outside this
// checkout, install it against the checkout, run its own tests and build, then start it (npm start and
// npm run dev) and fetch its home page over HTTP.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Generous limits so a stuck install or server fails the test instead of hanging it. */
const INSTALL_LIMIT_MS = 300_000;
const START_LIMIT_MS = 60_000;

/**
 * The environment of the app's processes: no coverage collection for them (c8 covers the framework),
 * and not marked as children of this test runner (the app's `node --test` must report on its own).
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_V8_COVERAGE;
  delete env.NODE_TEST_CONTEXT;
  return env;
}

async function npm(cwd: string, ...args: string[]): Promise<string> {
  const result = await run('npm', args, { cwd, env: childEnv(), timeout: INSTALL_LIMIT_MS }).catch(
    (error: { stdout?: string; stderr?: string; message: string }) => {
      assert.fail(
        `npm ${args.join(' ')} failed in ${cwd}:\n${error.stdout ?? ''}\n${error.stderr ?? error.message}`,
      );
    },
  );
  return result.stdout;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

/** Fetch `url` until the server answers, or fail when the process exits or the limit passes. */
async function fetchWhenUp(url: string, child: ChildProcess, log: () => string): Promise<Response> {
  const deadline = Date.now() + START_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) assert.fail(`the app exited early:\n${log()}`);
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline) assert.fail(`the app did not answer at ${url}:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Stop a script's process group (npm, the shell, ziggurat and its children); SIGKILL after the limit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-pid, 'SIGTERM');
  const late = setTimeout(() => process.kill(-pid, 'SIGKILL'), START_LIMIT_MS);
  await exited;
  clearTimeout(late);
}

/** Run `npm <args>` in `directory` as its own process group, listening on `port`; collect its output. */
function npmScript(
  directory: string,
  args: string[],
  port: number,
): { child: ChildProcess; log: () => string } {
  const child = spawn('npm', args, {
    cwd: directory,
    env: childEnv({ PORT: String(port), HOST: '127.0.0.1' }),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  return { child, log: () => log };
}

/** What a scaffold test checks on the home page of the running app. */
export interface ScaffoldExpectations {
  /** A pattern the home page's HTML must match (besides the HTML5 basics). */
  home: RegExp;
  /** What the home page served by `npm run dev` (development.ini) shows, when it differs from production's. */
  devHome?: RegExp;
}

/**
 * Register the tests for one scaffold: create, `npm install`, `npm test`, `npm run build`, `npm start`,
 * `npm run dev`.
 * @example testScaffold('starter', { home: /Welcome to Shop/ });
 */
export function testScaffold(scaffold: string, expectations: ScaffoldExpectations): void {
  describe(`the ${scaffold} scaffold`, () => {
    const temp = mkdtempSync(join(tmpdir(), `zig-${scaffold}-`));
    const directory = join(temp, 'shop');

    before(async () => {
      // The app links to this checkout, whose dist/ npm does not build for a linked package.
      await run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], {
        cwd: root,
      });
    });

    after(() => rmSync(temp, { recursive: true, force: true }));

    it('creates an app, from a directory outside the checkout, that installs against this checkout', async () => {
      // As the README's Install says: the checkout's bin/ziggurat.js, run from anywhere.
      const { stdout } = await run(
        process.execPath,
        [`${root}bin/ziggurat.js`, 'create', 'shop', '-s', scaffold],
        {
          cwd: temp,
          env: childEnv(),
          timeout: START_LIMIT_MS,
        },
      );
      assert.match(stdout, /^Created shop in /);
      const pkg = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
      assert.equal(pkg.dependencies.ziggurat, `file:${root.replace(/\/$/, '')}`, 'an absolute file: path');
      await npm(directory, 'install', '--no-audit', '--no-fund', '--prefer-offline');
      assert.ok(existsSync(join(directory, 'node_modules', 'ziggurat', 'dist', 'lib', 'index.js')));
    });

    it('passes its own tests', async () => {
      const output = await npm(directory, 'test'); // fails on a non-zero exit
      // The summary of node --test, in the tap (#) or spec (ℹ) reporter's words.
      assert.match(output, /^(#|ℹ) fail 0$/m);
      assert.match(output, /^(#|ℹ) pass [1-9]/m);
    });

    it('builds', async () => {
      await npm(directory, 'run', 'build');
      assert.ok(existsSync(join(directory, 'dist', 'src', 'app.js')));
    });

    it('starts with npm start on PORT and serves its home page and health endpoints', async () => {
      const port = await freePort();
      const { child, log } = npmScript(directory, ['start'], port);
      try {
        const response = await fetchWhenUp(`http://127.0.0.1:${port}/`, child, log);
        assert.equal(response.status, 200);
        assert.match(String(response.headers.get('content-type')), /^text\/html/);
        const html = await response.text();
        assert.match(html, /^<!doctype html>\s*<html lang="en">/i);
        assert.match(html, /<meta charset="utf-8">/);
        assert.match(html, /<title>[^<]+<\/title>/);
        assert.match(html, expectations.home);
        assert.doesNotMatch(html, /zig-debug-toolbar/, 'the debug toolbar is for development.ini only');
        for (const path of ['/_health/live', '/_health/ready']) {
          const health = await fetch(`http://127.0.0.1:${port}${path}`);
          assert.equal(health.status, 200, `${path}: ${await health.clone().text()}`);
          assert.deepEqual(await health.json(), { status: 'ok' }, path);
        }
      } finally {
        await stop(child);
      }
    });

    it('serves with npm run dev, which compiles in watch mode first', async () => {
      const port = await freePort();
      const { child, log } = npmScript(directory, ['run', 'dev'], port);
      try {
        const response = await fetchWhenUp(`http://127.0.0.1:${port}/`, child, log);
        assert.equal(response.status, 200);
        const html = await response.text();
        assert.match(html, expectations.devHome ?? expectations.home);
        // development.ini includes the debug toolbar: a tab on the page, the request in its history.
        assert.match(
          html,
          /<div id="zig-debug-toolbar" data-toolbar-url="\/_debug_toolbar\/requests\/[0-9a-f]+"/,
        );
        const history = await fetch(`http://127.0.0.1:${port}/_debug_toolbar/`);
        assert.match(
          await history.text(),
          /<td>GET<\/td><td><a href="\/_debug_toolbar\/requests\/[0-9a-f]+">\/<\/a>/,
        );
        assert.match(
          log(),
          /compiling tsconfig\.json in watch mode[\s\S]*Found 0 errors\. Watching for file changes\./,
        );
      } finally {
        await stop(child);
      }
    });
  });
}
