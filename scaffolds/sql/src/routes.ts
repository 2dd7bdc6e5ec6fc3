// The app's URLs: its routes and its static files.
import type { Configurator } from 'ziggurat';
import { STATIC } from './paths.js';

/** Add the routes; views name them with `routeName`. */
export function includeme(config: Configurator): void {
  config.addStaticView('static', STATIC, { cacheBust: true });
  config.addRoute('home', '/');
  // The notes API (src/views/notes-api.ts); its document and reference page are the openapi add-on's.
  config.addRoute('api_notes', '/api/notes');
  config.addRoute('api_note', '/api/notes/{id}');
}
