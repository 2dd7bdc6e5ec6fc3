import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  ConfigurationConflictError,
  type ConfigurationError,
  Configurator,
  viewConfig,
  viewDefaults,
} from '../../lib/index.js';
import { appWith, call } from '../helpers.js';
import * as items from './scan-fixtures/items.js';

const FIXTURES = new URL('./scan-fixtures/', import.meta.url);

function routes(config: Configurator) {
  config.addRoute('items', '/items');
  config.addRoute('health', '/health');
}

async function commitError(configure: (config: Configurator) => void | Promise<void>) {
  try {
    await appWith(configure);
  } catch (error) {
    return error as ConfigurationError;
  }
  assert.fail('expected the commit to fail');
}

describe('config.scan', () => {
  it('registers the views a module namespace declares, with the class defaults merged in', async () => {
    const app = await appWith((config) => {
      routes(config);
      config.scan(items);
    });
    assert.deepEqual((await call(app, '/items')).json, { items: ['a', 'b'], path: '/items' });
    assert.deepEqual((await call(app, { method: 'POST', url: '/items' })).json, { created: true });
    assert.equal((await call(app, { method: 'PUT', url: '/items' })).status, 405);
  });

  it('imports every .js module under a directory, nested ones included', async () => {
    const app = await appWith(async (config) => {
      routes(config);
      await config.scan(FIXTURES);
    });
    const health = await call(app, '/health');
    assert.equal(health.body, 'ok');
    assert.equal(health.headers['x-scanned'], 'yes');
    assert.equal((await call(app, '/items')).status, 200);
  });

  it('accepts a file path, and is awaited by commit when the caller does not await it', async () => {
    const app = await appWith((config) => {
      routes(config);
      void config.scan(new URL('./nested/health.js', FIXTURES).pathname);
    });
    assert.equal((await call(app, '/health')).body, 'ok');
  });

  it('registers a class once however often and however it is scanned', async () => {
    const app = await appWith(async (config) => {
      routes(config);
      config.scan(items.ItemViews, items, items.ItemViews);
      await config.scan(FIXTURES, FIXTURES);
      config.include((child) => void child.scan(items));
    });
    assert.equal((await call(app, '/items')).status, 200);
  });

  it('names the class and method of both sides of a conflict among scanned views', async () => {
    @viewDefaults({ routeName: 'items', renderer: 'json' })
    class OtherItems {
      @viewConfig({ requestMethod: 'GET' })
      listAgain() {
        return [];
      }
    }
    const error = await commitError((config) => {
      routes(config);
      config.scan(items, OtherItems);
    });
    assert.ok(error instanceof ConfigurationConflictError);
    assert.match(error.message, /items\.ts:\d+ \(@viewConfig on ItemViews\.list\)/);
    assert.match(error.message, /scan\.test\.ts:\d+ \(@viewConfig on OtherItems\.listAgain\)/);
  });

  it('lets the including app override a view an add-on registered by scanning', async () => {
    const app = await appWith((config) => {
      routes(config);
      config.include((addon) => void addon.scan(items));
      config.addView(() => ({ overridden: true }), {
        routeName: 'items',
        requestMethod: 'GET',
        renderer: 'json',
      });
    });
    assert.deepEqual((await call(app, '/items')).json, { overridden: true });
  });

  it('fails the commit with ZIG_ERR_SCAN for what it cannot scan', async () => {
    class Plain {}
    const missing = await commitError((config) => void config.scan('/no/such/dir/for/ziggurat'));
    assert.equal(missing.code, 'ZIG_ERR_SCAN');
    assert.match(
      missing.message,
      /\/no\/such\/dir\/for\/ziggurat.*does not exist.*scan at .*scan\.test\.ts:\d+/,
    );

    const undeclared = await commitError((config) => void config.scan(Plain));
    assert.equal(undeclared.code, 'ZIG_ERR_SCAN');
    assert.match(undeclared.message, /Plain declares no views or subscribers/);

    const wrongType = await commitError((config) => void config.scan(42 as never));
    assert.equal(wrongType.code, 'ZIG_ERR_SCAN');
  });

  it('reports a module that fails to import, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ziggurat-scan-'));
    await writeFile(join(dir, 'broken.js'), 'throw new Error("boom at import");\n');
    await writeFile(join(dir, 'notes.txt'), 'not a module\n');
    const error = await commitError((config) => void config.scan(dir));
    assert.equal(error.code, 'ZIG_ERR_SCAN');
    assert.match(error.message, /broken\.js while scanning: boom at import/);
  });

  it('rejects the scan promise itself for a caller who awaits it', async () => {
    await assert.rejects(new Configurator().scan('/no/such/place'), { code: 'ZIG_ERR_SCAN' });
  });
});
