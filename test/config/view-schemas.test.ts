// A view's schemas are compiled at commit: what does not compile fails it, naming the view's call site.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError, Configurator, viewConfig } from '../../lib/index.js';

async function commitRejects(configure: (config: Configurator) => void, pattern: RegExp): Promise<void> {
  const config = new Configurator();
  config.addRoute('r', '/r');
  configure(config);
  await assert.rejects(config.commit(), (error: unknown) => {
    assert.ok(error instanceof ConfigurationError, String(error));
    assert.equal(error.code, 'ZIG_ERR_SCHEMA');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('view schemas at commit', () => {
  const view = () => ({});

  it('fails the commit, naming the view and its call site, when a schema does not compile', async () => {
    await commitRejects(
      (config) =>
        config.addView(function broken() {}, {
          routeName: 'r',
          schema: { body: { type: 'object', properties: { n: { type: 'integr' } } } },
        }),
      /schema\.body of the view broken at .*view-schemas\.test\.ts:\d+ does not compile: schema is invalid: data\/properties\/n\/type/,
    );
    await commitRejects(
      (config) =>
        config.addView(view, {
          routeName: 'r',
          renderer: 'json',
          schema: { response: { 200: { $ref: '#/nowhere' } } },
        }),
      /schema\.response\[200\] of the view .* does not compile/,
    );
  });

  it('names the decorator of a @viewConfig view whose schema does not compile', async () => {
    class Broken {
      @viewConfig({ routeName: 'r', schema: { query: { type: 'nope' } } })
      list() {
        return {};
      }
    }
    await commitRejects(
      (config) => void config.scan(Broken),
      /schema\.query of the view .*view-schemas\.test\.ts:\d+.*does not compile/,
    );
  });

  it('refuses response schemas on a view that does not render JSON', async () => {
    await commitRejects(
      (config) =>
        config.addView(view, { routeName: 'r', renderer: 'string', schema: { response: { 200: {} } } }),
      /schema\.response needs the json renderer .* has renderer 'string'/,
    );
    await commitRejects(
      (config) => config.addView(view, { routeName: 'r', schema: { response: { 200: {} } } }),
      /has no renderer/,
    );
  });

  it('refuses a schema on an exception view', async () => {
    await commitRejects(
      (config) => config.addExceptionView(view, { context: Error, schema: {} } as never),
      /schema is an option of views, not of the exception view/,
    );
  });
});
