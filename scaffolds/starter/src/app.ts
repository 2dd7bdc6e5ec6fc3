// The app's entry point: `ziggurat serve` calls main(settings) with the [app] section of a settings file.
import { Configurator, type Settings } from 'ziggurat';
import handlebars from 'ziggurat/addons/handlebars';
import { TEMPLATES } from './paths.js';
import { includeme as routes } from './routes.js';

/**
 * Make the app's configuration; `config.makeApp()` turns it into a ready Fastify instance.
 * @example const app = await main({ 'handlebars.reload': 'false' }).makeApp();
 */
export function main(settings: Settings): Configurator {
  const config = new Configurator({ settings });
  config.include(handlebars);
  config.addHandlebarsDirectory(TEMPLATES);
  config.include(routes);
  config.scan(new URL('./views/', import.meta.url));
  return config;
}
