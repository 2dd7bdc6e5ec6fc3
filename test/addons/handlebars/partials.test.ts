import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import * as handlebars from '../../../addons/handlebars/index.js';
import { type Configurator, ZigguratError } from '../../../lib/index.js';
import { appWith, call } from '../../helpers.js';

/** A template directory made of `files` (paths relative to it). */
function templates(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ziggurat-partials-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const LAYOUT = '<html><title>{{title}}</title><body>{{> @partial-block}}</body></html>';

function pageApp(dir: string, renderer = 'home.hbs', configure: (config: Configurator) => void = () => {}) {
  return appWith(
    (config) => {
      config.include(handlebars);
      configure(config);
      config.addRoute('home', '/');
      const items = [{ name: 'a', children: [{ name: 'b', children: [] }] }];
      config.addView(() => ({ title: 'Tea', which: 'chosen', items }), {
        routeName: 'home',
        renderer,
      });
    },
    { settings: { 'handlebars.directories': dir } },
  );
}

function missingPartial(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ZigguratError, String(error));
    assert.equal(error.code, 'ZIG_ERR_TEMPLATE_NOT_FOUND');
    assert.match(error.message, pattern);
    return true;
  };
}

describe('handlebars partials are checked at commit', () => {
  it('fails for a partial that does not exist, naming the template, line, partial and the partials there are', async () => {
    const dir = templates({
      'home.hbs': '<h1>{{title}}</h1>\n{{> layuot}}\n',
      'partials/layout.hbs': LAYOUT,
      'partials/item.hbs': '<b>{{name}}</b>',
    });
    await assert.rejects(
      pageApp(dir),
      missingPartial(
        /home\.hbs:2 uses partial 'layuot', which does not exist \(partials, closest first: layout, item\)[\s\S]*renderer 'home\.hbs' of the view at test\/addons\/handlebars\/partials\.test\.ts:\d+/,
      ),
    );
  });

  it('fails for a partial block naming a missing layout, which would render its body alone', async () => {
    const dir = templates({
      'home.hbs': '{{#> layuot title=title}}\n<p>body</p>\n{{/layuot}}\n',
      'partials/layout.hbs': LAYOUT,
    });
    await assert.rejects(
      pageApp(dir),
      missingPartial(/home\.hbs:1 uses partial 'layuot'.*closest first: layout\)/),
    );
  });

  it('follows the partials a template uses, naming the partial file and the way there', async () => {
    const dir = templates({
      'home.hbs': 'x\n{{#> layout}}{{/layout}}',
      'partials/layout.hbs': '<nav>{{> navigation}}</nav>\n{{> footr}}{{> @partial-block}}',
      'partials/navigation.hbs': '<a>home</a>',
      'partials/footer.hbs': '<footer></footer>',
    });
    await assert.rejects(
      pageApp(dir),
      missingPartial(
        /partials\/layout\.hbs:2 uses partial 'footr', which does not exist \(reached from .*home\.hbs:2\) \(partials, closest first: footer,/,
      ),
    );
  });

  it('checks partials added with addHandlebarsPartial, and what they use', async () => {
    const dir = templates({ 'home.hbs': '{{> greeting}}' });
    await assert.rejects(
      pageApp(dir, 'home.hbs', (config) => config.addHandlebarsPartial('greeting', 'Hello\n{{> nme}}')),
      missingPartial(/partial 'greeting' line 2 uses partial 'nme'/),
    );
  });

  it('accepts inline, dynamic, recursive and block partials, and an optional partial declared with a fallback', async () => {
    const dir = templates({
      'home.hbs': [
        '{{#*inline "content"}}<main>{{title}}</main>{{/inline}}',
        '{{> frame}}',
        '{{#> layout title=title}}{{#*inline "nav"}}<nav/>{{/inline}}{{> (lookup . "which")}}{{/layout}}',
        '{{#each items}}{{> tree}}{{/each}}',
        '{{#> sidebar}}<aside>default</aside>{{/sidebar}}',
      ].join('\n'),
      'partials/frame.hbs': '<div>{{> content}}</div>',
      'partials/layout.hbs': '<body>{{> nav}}{{> @partial-block}}</body>',
      'partials/tree.hbs': '<li>{{name}}<ul>{{#each children}}{{> tree}}{{/each}}</ul></li>',
      'partials/chosen.hbs': '<p>chosen</p>',
    });
    const app = await pageApp(dir, 'home.hbs', (config) => {
      // An optional partial: one that renders the block it is given, which an app may override.
      config.addHandlebarsPartial('sidebar', '{{> @partial-block}}');
    });
    const response = await call(app, '/');
    assert.equal(response.status, 200);
    assert.equal(
      response.body,
      '\n<div><main>Tea</main></div><body><nav/><p>chosen</p></body>\n' +
        '<li>a<ul><li>b<ul></ul></li></ul></li>\n<aside>default</aside>',
    );
  });
});
