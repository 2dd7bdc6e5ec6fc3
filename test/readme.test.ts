// The README's TypeScript examples type-check, as written, against the built package.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CookieJar } from './helpers.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const workDir = `${root}build/readme-examples/`;

/** Names examples use without defining them, as a reader would assume them. */
const ASSUMED: Record<string, string> = {
  config: "import('ziggurat').Configurator",
  request: "import('ziggurat').Request",
  app: "import('fastify').FastifyInstance",
  assert: "typeof import('node:assert/strict')",
  hello: "(request: import('ziggurat').Request) => unknown",
  about: "(request: import('ziggurat').Request) => unknown",
  evenView: "(request: import('ziggurat').Request) => unknown",
  listItems: "(request: import('ziggurat').Request) => unknown",
  root: "import('ziggurat').Resource",
  docs: "import('ziggurat').Resource",
};

function examples(): string[] {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

function defines(code: string, name: string): boolean {
  const patterns = [`(const|let|function|class) ${name}\\b`, `import [^;]*\\b${name}\\b[^;]*from`];
  return patterns.some((pattern) => new RegExp(pattern).test(code));
}

function prelude(code: string): string {
  return Object.entries(ASSUMED)
    .filter(([name, type]) => new RegExp(`\\b${name}\\b`).test(code) && !defines(code, name) && type)
    .map(([name, type]) => `declare const ${name}: ${type};`)
    .join('\n');
}

/**
 * Templates and assets the README shows (```handlebars and ```css blocks whose first line is a
 * comment naming the file), written next to the compiled examples so that those find them.
 */
function writeAssets(): void {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const blocks = readme.matchAll(
    /```(?:handlebars|css)\n(?:\{\{!-- ([\w./-]+) --\}\}|\/\* ([\w./-]+) \*\/)\n([\s\S]*?)```/g,
  );
  for (const [, template, stylesheet, body] of blocks) {
    const file = `${workDir}js/${template ?? stylesheet}`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body ?? '');
  }
}

describe('README examples', () => {
  it('type-check as written against the built package', async () => {
    const blocks = examples();
    assert.ok(blocks.length >= 10, 'the README has its examples');
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    // An example may import a sibling module the README shows as `// items.ts`: write it under that name.
    const files = blocks.map((code, i) => {
      const file = /^\/\/ ([\w-]+\.ts)\n/.exec(code)?.[1] ?? `example-${i}.ts`;
      // A self-contained example that makes an app (and does not listen) exports it, so it can be run.
      const runnable =
        defines(code, 'config') && /const app = await/.test(code) && !code.includes('.listen(');
      writeFileSync(
        `${workDir}${file}`,
        `${code}\n${prelude(code)}\nexport ${runnable ? '{ app }' : '{}'};\n`,
      );
      return file;
    });
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        types: ['node'],
        typeRoots: [`${root}node_modules/@types`],
        rootDir: '.',
        outDir: 'js',
        sourceMap: false,
        noUnusedLocals: false,
      },
      files,
    };
    writeFileSync(`${workDir}tsconfig.json`, JSON.stringify(tsconfig));
    writeAssets();
    const tsc = `${root}node_modules/typescript/bin/tsc`;
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root });
    const result = await run(process.execPath, [tsc, '-p', `${workDir}tsconfig.json`], { cwd: root }).catch(
      (error: { stdout?: string }) => ({ failed: error.stdout ?? String(error) }),
    );
    assert.ok(
      !('failed' in result),
      `README examples do not compile:\n${'failed' in result ? result.failed : ''}`,
    );
  });

  it('the real-time example runs as written: an event stream resumed, a channel published to', async () => {
    const { app } = await import(`${workDir}js/live-news.js`);
    const { openEventStream } = await import('../lib/testing/index.js');
    const ticks = await openEventStream(app, '/ticks', { lastEventId: '1' });
    assert.deepEqual(
      (await ticks.take(3)).map((event) => [event.id, event.event, event.json()]),
      [
        ['2', 'tick', { n: 2 }],
        ['3', 'tick', { n: 3 }],
      ],
    );
    const news = await openEventStream(app, '/news');
    // In memory the stream has subscribed by the time its headers arrived.
    const published = await app.inject({ method: 'POST', url: '/news/publish', payload: { headline: 'hi' } });
    assert.deepEqual(published.json(), { published: true });
    const event = await news.next();
    assert.deepEqual([event?.event, event?.json()], ['news', { headline: 'hi' }]);
    news.close();
    await app.close();
  });

  it('the traversal walk-through runs as the README says', async () => {
    const blocks = examples();
    const index = blocks.findIndex((code) => code.includes('class Folder implements Resource'));
    assert.ok(index >= 0, 'the README has the traversal example');
    const { app } = await import(`${workDir}js/example-${index}.js`);
    const get = async (url: string, options: object = {}) => app.inject({ url, ...options });
    assert.deepEqual((await get('/docs/intro')).json(), { page: 'Hello' });
    assert.deepEqual((await get('/docs/intro/edit')).json(), { editing: 'intro' });
    const saved = await get('/docs/intro/edit', { method: 'POST', payload: { body: 'Changed' } });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, 'http://localhost/docs/intro/');
    assert.deepEqual((await get('/docs/intro')).json(), { page: 'Changed' });
    assert.deepEqual((await get('/docs/')).json(), { folder: '/docs/' });
    assert.equal((await get('/docs/@@edit')).statusCode, 404);
  });

  it('the WebSocket example runs as written', async () => {
    const { app } = await import(`${workDir}js/chat-app.js`);
    // The example's app comes from the built package: its WebSockets are that copy's.
    const { injectWebSocket } = await import('ziggurat/testing');
    try {
      const socket = await injectWebSocket(app, '/echo/lobby');
      assert.deepEqual(await socket.nextJson(), { joined: 'lobby' });
      socket.sendJson({ text: 'hi' });
      assert.deepEqual(await socket.nextJson(), { echo: { text: 'hi' } });
    } finally {
      await app.close();
    }
  });

  it('the growing-your-app example runs as written', async () => {
    const { app } = await import(`${workDir}js/shop-app.js`);
    const json = { accept: 'application/json' };
    const tea = await app.inject({ url: '/shop/products/tea', headers: json });
    assert.deepEqual(tea.json(), { name: 'Tea', cents: 350 });
    const text = await app.inject({ url: '/shop/products/tea', headers: { accept: 'text/plain' } });
    assert.equal(text.body, 'Tea');
    // Without an Accept header, Pyramid's default order of media types puts text/plain first.
    assert.equal((await app.inject('/shop/products/tea')).body, 'Tea');
    assert.equal((await app.inject({ url: '/shop/products/coffee', headers: json })).statusCode, 404);
  });

  it('the security example runs as written: login, permissions, CSRF, logout', async () => {
    const { app } = await import(`${workDir}js/secure-app.js`);
    const jar = new CookieJar();
    let token: string = (await jar.call(app, '/login')).json.csrfToken;
    const form = (fields: Record<string, string>) => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf_token: token, ...fields }).toString(),
    });
    assert.deepEqual((await jar.call(app, '/page')).json, { user: null });
    const anonymous = await jar.call(app, { method: 'POST', url: '/page', ...form({}) });
    assert.equal(anonymous.status, 403);
    const noToken = await jar.call(app, { method: 'POST', url: '/login', payload: { username: 'ada' } });
    assert.equal(noToken.status, 400);
    const wrong = await jar.call(app, {
      method: 'POST',
      url: '/login',
      ...form({ username: 'ada', password: 'x' }),
    });
    assert.equal(wrong.status, 401);
    const login = await jar.call(app, {
      method: 'POST',
      url: '/login',
      ...form({ username: 'ada', password: 'lovelace' }),
    });
    assert.deepEqual([login.status, login.headers.location], [303, '/page']);
    assert.deepEqual((await jar.call(app, '/page')).json, { user: 'ada' });
    const stale = await jar.call(app, { method: 'POST', url: '/page', ...form({}) });
    assert.equal(stale.status, 400, 'log-in renews the CSRF token');
    token = (await jar.call(app, '/login')).json.csrfToken;
    assert.deepEqual((await jar.call(app, { method: 'POST', url: '/page', ...form({}) })).json, {
      saved: true,
    });
    const logout = await jar.call(app, { method: 'POST', url: '/logout', ...form({}) });
    assert.equal(logout.status, 303);
    assert.equal(jar.cookies.has('session'), false);
    assert.deepEqual((await jar.call(app, '/page')).json, { user: null });
  });

  it('the templates and assets example runs as written', async () => {
    const { app } = await import(`${workDir}js/site.js`);
    const page = await app.inject('/');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<title>Tea &amp; cake<\/title>/);
    assert.match(page.body, /<li>Earl Grey<\/li><li>Sencha<\/li>/);
    // Handlebars escapes '=' in attribute values as &#x3D;, which browsers decode.
    const href = (/href="([^"]+)"/.exec(page.body)?.[1] ?? '').replaceAll('&#x3D;', '=');
    assert.match(href, /^http:\/\/localhost\/static\/site\.css\?v=[0-9a-f]{16}$/);
    const css = await app.inject(href.replace('http://localhost', ''));
    assert.match(css.body, /font-family/);
    assert.equal(css.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  it("the debug toolbar example runs as written: the tab on the page, the app's own panel", async () => {
    const { app } = await import(`${workDir}js/toolbar-app.js`);
    const page = await app.inject({ url: '/', headers: { 'x-flags': 'dark,beta' } });
    const url = /data-toolbar-url="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(url, page.body);
    assert.match(page.body, /<h1>Home<\/h1><div id="zig-debug-toolbar"/);
    const panels = (await app.inject(url)).body;
    assert.match(panels, /Feature flags<small>2 on<\/small>/);
    assert.match(panels, /<ul id="flags"><li>dark<\/li><li>beta<\/li><\/ul>/);
    assert.match(
      (await app.inject('/_debug_toolbar/')).body,
      /<a href="\/_debug_toolbar\/requests\/[0-9a-f]+">\/<\/a>/,
    );
  });

  it('the JSON API example runs as written: validation, problem documents, response schemas', async () => {
    const { app } = await import(`${workDir}js/users-api.js`);
    const created = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { name: 'Ada', password: 'lovelace' },
    });
    assert.equal(created.statusCode, 201);
    assert.equal(created.body, '{"id":2,"name":"Ada"}');
    assert.equal((await app.inject('/users/1')).body, '{"id":1,"name":"Grace"}');
    const short = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { name: 'Bo', password: 'short' },
    });
    assert.equal(short.statusCode, 400);
    assert.equal(short.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(short.json().errors, [
      { location: 'body', pointer: '/password', message: 'must NOT have fewer than 8 characters' },
    ]);
    assert.match(short.json().detail, /body\/password must NOT have fewer than 8 characters/);
    const missing = await app.inject({ url: '/users/99', headers: { accept: '*/*' } });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().detail, 'No user 99');
    assert.equal((await app.inject('/users/first')).statusCode, 400);
  });

  it('the OpenAPI example runs as written: the document and the reference page', async () => {
    const { app } = await import(`${workDir}js/notes-api.js`);
    const document = (await app.inject({ url: '/openapi.json' })).json();
    assert.deepEqual(Object.keys(document.paths), ['/notes', '/notes/{id}']);
    assert.equal(document.paths['/notes/{id}'].get.parameters[0].schema.pattern, '^(?:\\d+)$');
    assert.equal(document.paths['/notes'].get.operationId, 'listNotes');
    assert.deepEqual((await app.inject({ url: '/notes/1' })).json(), { id: 1, title: 'Buy tea' });
    assert.equal((await app.inject({ url: '/notes/7' })).body, 'null');
    const page = await app.inject({ url: '/docs' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger-ui/);
    await app.close();
  });

  it('the hybrid example runs on top of the traversal walk-through', async () => {
    const blocks = examples();
    const tree = blocks.find((code) => code.includes('class Folder implements Resource')) ?? '';
    const hybrid = blocks.find((code) => code.includes("'/site/*traverse'")) ?? '';
    assert.ok(tree && hybrid, 'the README has both examples');
    const hybridBody = hybrid.replace(/^import .*$/gm, '');
    const source = `${tree}\n${hybridBody}\nconst hybridApp = await config.makeApp();\nexport { hybridApp };\n`;
    mkdirSync(`${workDir}js`, { recursive: true });
    writeFileSync(`${workDir}hybrid.ts`, source);
    const tsc = `${root}node_modules/typescript/bin/tsc`;
    await run(
      process.execPath,
      [
        tsc,
        '--target',
        'ES2022',
        '--module',
        'NodeNext',
        '--moduleResolution',
        'NodeNext',
        '--strict',
        '--types',
        'node',
        '--skipLibCheck',
        '--outDir',
        `${workDir}js`,
        '--rootDir',
        workDir,
        `${workDir}hybrid.ts`,
      ],
      { cwd: root },
    );
    const { hybridApp } = await import(`${workDir}js/hybrid.js`);
    assert.deepEqual((await hybridApp.inject('/site/docs/intro')).json(), { at: '/site/docs/intro/' });
    assert.deepEqual((await hybridApp.inject('/pages/intro/edit')).json(), { editing: 'intro' });
    assert.equal((await hybridApp.inject('/pages/missing/edit')).statusCode, 404);
  });
  it('the development error page example runs as written', async () => {
    const { app } = await import(`${workDir}js/debug-errors.js`);
    const reply = await app.inject({ url: '/orders/7', headers: { accept: 'application/json' } });
    assert.equal(reply.statusCode, 500);
    const { exception } = reply.json();
    assert.equal(exception.message, 'No order 7');
    assert.equal(exception.frames[0].kind, 'app');
    assert.match(exception.frames[0].location, /debug-errors\.(ts|js):\d+/);
    assert.ok(exception.frames[0].source.lines.some((line: string) => line.includes('No order')));
    const page = await app.inject({ url: '/orders/7', headers: { accept: 'text/html' } });
    assert.match(page.body, /<details><summary>\d+ framework frames?<\/summary>/);
  });

  it('the logging example runs as written: the request line and a namespaced debug line', async () => {
    const { app, lines } = await import(`${workDir}js/logged-app.js`);
    const reply = await app.inject({ url: '/', headers: { 'x-request-id': 'readme-1' } });
    assert.equal(reply.headers['x-request-id'], 'readme-1');
    const logged = (lines as string[]).map((line) => JSON.parse(line));
    const request = logged.find((line) => line.name === 'ziggurat.requests');
    assert.deepEqual(
      [request?.reqId, request?.statusCode, request?.route, request?.view],
      ['readme-1', 200, 'home', 'home'],
    );
    const debug = logged.find((line) => line.msg === 'rendering the home page');
    assert.deepEqual([debug?.level, debug?.name, debug?.reqId], [20, 'myapp.views', 'readme-1']);
  });
});
