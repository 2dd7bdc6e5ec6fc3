// The app's entry point: `ziggurat serve` calls main(settings) with the [app] section of a settings file.
import { Configurator, type Settings } from 'ziggurat';
import handlebars from 'ziggurat/addons/handlebars';
import health from 'ziggurat/addons/health';
import { TEMPLATES } from './paths.js';
import { includeme as routes } from './routes.js';

/**
 * Make the app's configuration; `config.makeApp()` turns it into a ready Fastify instance.
 * @example const app = await main({ 'handlebars.reload': 'false' }).makeApp();
 */
export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings });
  // /_health/live and /_health/ready for a load balancer, and 503 with Retry-After when overloaded.
  config.include(health);
  config.include(handlebars);
  config.addHandlebarsDirectory(TEMPLATES);
  config.include(routes);
  config.scan(new URL('./views/', import.meta.url));
  return config;
}
