// The app's URLs: its routes and its static files.
import type { Configurator } from 'ziggurat';
import { STATIC } from './paths.js';

/** Add the routes; views name them with `routeName`. */
export function includeme(config: Configurator): void {
  config.addStaticView('static', STATIC, { cacheBust: true });
  config.addRoute('home', '/');
}
