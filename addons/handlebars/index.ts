// ziggurat/addons/handlebars: the .hbs renderer, partials and layouts, helpers for URLs and CSRF.
import { readFileSync } from 'node:fs';
import type { HelperDelegate } from 'handlebars';
import {
  type AssetPath,
  asBool,
  asList,
  assetPath,
  type Configurator,
  PHASE,
  type Registry,
} from '../../lib/index.js';
import { TemplateEnvironment } from './environment.js';
import { templateRenderer } from './renderer.js';

export { TemplateEnvironment } from './environment.js';
export { templateRequest } from './helpers.js';

declare module '../../lib/index.js' {
  interface Settings {
    /** Template directories: an array or a comma-separated string (relative to the working directory). */
    'handlebars.directories'?: string | readonly string[];
    /** Recompile templates and partials whose files changed (for development). */
    'handlebars.reload'?: boolean | string;
  }
  interface Configurator {
    /** Add a Handlebars helper for every template. Added by ziggurat/addons/handlebars. */
    addHandlebarsHelper(name: string, helper: HelperDelegate): void;
    /** Add a partial from source text, or from a file (a URL or a path ending in .hbs). */
    addHandlebarsPartial(name: string, source: string | URL): void;
    /** Add a template directory after those of the handlebars.directories setting. */
    addHandlebarsDirectory(path: AssetPath): void;
  }
}

/** What the directives collected for one app. */
interface Collected {
  readonly helpers: Map<string, HelperDelegate>;
  readonly partials: Map<string, string>;
  readonly directories: string[];
}

const environments = new WeakMap<Registry, TemplateEnvironment>();

function partialSource(source: string | URL): string {
  if (source instanceof URL || /\.hbs$/.test(source)) return readFileSync(assetPath(source), 'utf8');
  return source;
}

function environmentFor(registry: Registry, collected: Collected): TemplateEnvironment {
  let environment = environments.get(registry);
  if (environment) return environment;
  const settings = registry.settings;
  const directories = [...asList(settings['handlebars.directories']), ...collected.directories];
  environment = new TemplateEnvironment(registry, directories, asBool(settings['handlebars.reload']));
  for (const [name, helper] of collected.helpers) environment.handlebars.registerHelper(name, helper);
  environment.loadPartials();
  for (const [name, source] of collected.partials) environment.registerPartial(name, source);
  environments.set(registry, environment);
  return environment;
}

/**
 * Include with `config.include(handlebars)`; views then use `renderer: 'pages/home.hbs'`.
 * @example
 * config.addSettings({ 'handlebars.directories': 'templates' });
 * config.include(handlebars);
 * config.addView(home, { routeName: 'home', renderer: 'home.hbs' });
 */
export function includeme(config: Configurator): void {
  const collected: Collected = { helpers: new Map(), partials: new Map(), directories: [] };
  config.declareSettings('handlebars', ['directories', 'reload']);
  config.addDirective('addHandlebarsHelper', (target: Configurator, name: string, helper: HelperDelegate) => {
    target.action(`handlebars helper '${name}'`, () => void collected.helpers.set(name, helper), {
      order: PHASE.EXTENSIONS,
    });
  });
  config.addDirective('addHandlebarsPartial', (target: Configurator, name: string, source: string | URL) => {
    target.action(
      `handlebars partial '${name}'`,
      () => void collected.partials.set(name, partialSource(source)),
      {
        order: PHASE.EXTENSIONS,
      },
    );
  });
  config.addDirective('addHandlebarsDirectory', (target: Configurator, path: AssetPath) => {
    target.action(null, () => void collected.directories.push(assetPath(path)), { order: PHASE.EXTENSIONS });
  });
  config.addRenderer('.hbs', ({ name, registry }) =>
    templateRenderer(environmentFor(registry, collected), name),
  );
}

export default includeme;
