// The wiki's entry point: main(settings) configures the whole app (the settings file's `use` names this module).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApplicationCreated, Configurator, type Settings } from 'ziggurat';
import csrf from 'ziggurat/addons/csrf';
import handlebars from 'ziggurat/addons/handlebars';
import openapi from 'ziggurat/addons/openapi';
import session from 'ziggurat/addons/session';
import sql, { getDatabase, migrate } from 'ziggurat/addons/sql';
import * as api from './api/index.js';
import type { WikiDatabase } from './schema.js';
import { VIEW, WikiRoot, WikiSecurityPolicy } from './security.js';
import { seed } from './seed.js';
import * as authViews from './views/auth.js';
import * as errorViews from './views/errors.js';
import * as liveViews from './views/live.js';
import * as pageViews from './views/pages.js';

declare module 'ziggurat/addons/sql' {
  interface Database extends WikiDatabase {}
}

/** A file or folder of the wiki, beside `dist/`. */
const here = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** A SQLite file's folder must exist before the database can be opened. */
function makeDatabaseFolder(url: unknown): void {
  const file = typeof url === 'string' && url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : '';
  if (file !== '' && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
}

/** Routes: URL dispatch, like Pyramid's wiki tutorial. Static paths beat `{pagename}`. */
function addRoutes(config: Configurator): void {
  config.addStaticView('static', here('static/'), { cacheBust: true });
  config.addRoute('home', '/');
  config.addRoute('login', '/login');
  config.addRoute('logout', '/logout');
  config.addRoute('view_page', '/{pagename}');
  config.addRoute('add_page', '/add_page/{pagename}');
  config.addRoute('edit_page', '/{pagename}/edit_page');
  config.addRoute('page_changes', '/{pagename}/changes');
}

/**
 * Configure the wiki from its settings (`sql.url`, `session.secret`, ...). At start-up the database is
 * migrated to the latest version and, when it has no users yet, seeded with demo users and a FrontPage.
 * @example
 * const config = main({ 'sql.url': 'sqlite::memory:', 'session.secret': process.env.SESSION_SECRET });
 * const app = await config.makeApp();
 * await app.listen({ host: '127.0.0.1', port: 6543 });
 */
export function main(settings: Settings = {}): Configurator {
  makeDatabaseFolder(settings['sql.url']);
  const config = new Configurator({
    settings: {
      'sql.migrations': here('migrations/'),
      'handlebars.directories': here('templates/'),
      // The API's document and reference page live under /api with the API (development.ini names them too).
      'openapi.path': '/api/openapi.json',
      'openapi.ui': '/api/docs',
      'openapi.title': 'Ziggurat wiki',
      ...settings,
    },
  });
  config.include(sql);
  config.include(session);
  config.include(csrf);
  config.include(handlebars);
  config.setRootFactory(() => new WikiRoot());
  config.setSecurityPolicy(new WikiSecurityPolicy());
  config.setDefaultPermission(VIEW);
  addRoutes(config);
  config.include(api);
  config.include(openapi);
  config.scan(pageViews, authViews, errorViews, liveViews);
  config.addSubscriber(async (event: ApplicationCreated) => {
    const { results } = await migrate(config.registry, 'latest');
    if (results.length > 0) event.app.log.info(`migrated the database: ${results.length} migration(s)`);
    if (await seed(getDatabase(config.registry)))
      event.app.log.info('seeded the demo users and the FrontPage');
  }, ApplicationCreated);
  return config;
}
