// The app's entry point: `ziggurat serve` calls main(settings) with the [app] section of a settings file.
import { fileURLToPath } from 'node:url';
import { Configurator, type Settings } from 'ziggurat';
import csrf from 'ziggurat/addons/csrf';
import handlebars from 'ziggurat/addons/handlebars';
import health from 'ziggurat/addons/health';
import openapi from 'ziggurat/addons/openapi';
import session from 'ziggurat/addons/session';
import sql, { getDatabase } from 'ziggurat/addons/sql';
import { makeDatabaseFolder } from './database.js';
import { initdbCommand } from './initdb.js';
import { MIGRATIONS, TEMPLATES } from './paths.js';
import { includeme as routes } from './routes.js';
import { withSessionSecret } from './session-secret.js';

/**
 * Make the app's configuration; `config.makeApp()` turns it into a ready Fastify instance.
 * `sql.url` names the database; `sql.migrations` defaults to the app's `migrations/` folder;
 * `session.secret` signs the session cookie (see src/session-secret.ts when it is empty).
 * @example const app = await main({ 'sql.url': 'sqlite::memory:', 'handlebars.reload': 'false' }).makeApp();
 */
export function main(settings: Settings): Configurator {
  makeDatabaseFolder(settings['sql.url']);
  const config = new Configurator({
    settings: { 'sql.migrations': fileURLToPath(MIGRATIONS), ...withSessionSecret(settings) },
  });
  config.include(sql);
  // The form's CSRF token lives in the session: a POST without it (another site's form) is refused.
  config.include(session);
  config.include(csrf);
  // /_health/live and /_health/ready for a load balancer, and 503 with Retry-After when overloaded;
  // readiness also answers 503 while the database does not answer a `select 1`.
  config.include(health);
  config.addReadinessCheck('database', () =>
    getDatabase(config.registry)
      .selectNoFrom((eb) => eb.lit(1).as('one'))
      .execute(),
  );
  config.include(handlebars);
  config.addHandlebarsDirectory(TEMPLATES);
  config.include(routes);
  // The notes API's OpenAPI document at /openapi.json and its reference page at /docs (openapi.* settings).
  config.include(openapi);
  config.addCommand(initdbCommand);
  config.scan(new URL('./views/', import.meta.url));
  return config;
}
