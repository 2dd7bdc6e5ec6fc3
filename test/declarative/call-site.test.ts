// Call sites: each directive is located at the line of the TypeScript source that called it, however
// many of the framework's frames are above it, and introspection still has every route and view's
// location after commit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as handlebars from '../../addons/handlebars/index.js';
import {
  type ConfigurationConflictError,
  Configurator,
  listRoutes,
  listViews,
  type Request,
  viewConfig,
  viewDefaults,
} from '../../lib/index.js';
import { call } from '../helpers.js';

// This file's source, to find the lines marked below (the tests run from the compiled build/).
const SOURCE = fileURLToPath(new URL('../../../test/declarative/call-site.test.ts', import.meta.url));
const LINES = readFileSync(SOURCE, 'utf8').split('\n');

/** `test/declarative/call-site.test.ts:<line>` of the line ending with `// MARK:<name>`. */
function marked(name: string): string {
  const index = LINES.findIndex((line) => line.endsWith(`// MARK:${name}`));
  assert.notEqual(index, -1, `no line marked ${name}`);
  return `test/declarative/call-site.test.ts:${index + 1}`;
}

function conflictOf(error: unknown): ConfigurationConflictError {
  assert.equal((error as { code?: string }).code, 'ZIG_ERR_CONFIG_CONFLICT');
  return error as ConfigurationConflictError;
}

@viewDefaults({ routeName: 'item', renderer: 'json' })
class ItemViews {
  @viewConfig({ requestMethod: 'GET' }) // MARK:decorator
  show() {
    return { view: 'show' };
  }
}

describe('call sites', () => {
  it('locate routes and views at the lines that added them, for introspection after commit', async () => {
    const config = new Configurator();
    config.addRoute('home', '/'); // MARK:home-route
    config.addView(() => ({ view: 'home' }), { routeName: 'home', renderer: 'json' }); // MARK:home-view
    config.include((addon) => {
      addon.addRoute('item', '/items/{id}'); // MARK:item-route
    });
    config.scan(ItemViews);
    await config.commit();

    assert.deepEqual(
      listRoutes(config).map((route) => [route.name, route.location]),
      [
        ['home', marked('home-route')],
        ['item', marked('item-route')],
      ],
    );
    assert.deepEqual(
      listViews(config).map((view) => view.location),
      [marked('home-view'), `${marked('decorator')} (@viewConfig on ItemViews.show)`],
    );
  });

  it("give a request's matched route its location", async () => {
    const config = new Configurator();
    config.addRoute('where', '/where'); // MARK:where-route
    config.addView((request: Request) => ({ location: request.matchedRoute?.location }), {
      routeName: 'where',
      renderer: 'json',
    });
    const app = await config.makeApp();
    assert.equal((await call(app, '/where')).json?.location, marked('where-route'));
  });

  it("locate what one of Ziggurat's own add-ons records at the include that brought it in", async () => {
    const config = new Configurator();
    config.include(handlebars); // MARK:handlebars-include
    config.include(function ownTemplates(addon) {
      addon.addRenderer('.hbs', () => () => ''); // MARK:own-renderer
    });
    await assert.rejects(config.commit(), (error) => {
      const locations = conflictOf(error).sites.map((site) => site.location);
      assert.deepEqual(locations, [marked('handlebars-include'), marked('own-renderer')]);
      return true;
    });
  });

  it('name both sides of a conflict, each include labelled with its line', async () => {
    const config = new Configurator();
    config.addRoute('r', '/r');
    function first(addon: Configurator) {
      addon.addView(() => ({}), { routeName: 'r', renderer: 'json' }); // MARK:first-view
    }
    function second(addon: Configurator) {
      addon.addView(() => ({}), { routeName: 'r', renderer: 'json' }); // MARK:second-view
    }
    config.include(first); // MARK:first-include
    config.include(second); // MARK:second-include
    await assert.rejects(config.commit(), (error) => {
      const conflict = conflictOf(error);
      assert.deepEqual(
        conflict.sites.map((site) => site.location),
        [marked('first-view'), marked('second-view')],
      );
      assert.ok(
        conflict.message.includes(`included via first (${marked('first-include')})`),
        conflict.message,
      );
      assert.ok(
        conflict.message.includes(`included via second (${marked('second-include')})`),
        conflict.message,
      );
      return true;
    });
  });
});
