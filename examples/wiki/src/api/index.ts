// The wiki's JSON API under /api: pages and the session, their errors as problem documents.
import { type Configurator, HTTPError, type Request } from 'ziggurat';
import { addPageViews } from './pages.js';
import { addSessionViews } from './session.js';

const API_ROUTES = ['api_pages', 'api_page', 'api_session'] as const;

/**
 * An API route's HTTP errors answer as they are: a problem document for JSON clients (the wiki's own
 * error pages are for people). A route's exception views come before the global ones.
 */
function answerError(request: Request) {
  return request.exception as HTTPError;
}

/**
 * Include with `config.include(api)`, before the `/{pagename}` route: `/api/pages`,
 * `/api/pages/{pagename}` and `/api/session`. The document and the reference page are the openapi
 * add-on's (`openapi.path`, `openapi.ui`).
 */
export function includeme(config: Configurator): void {
  config.addRoute('api_pages', '/api/pages');
  config.addRoute('api_page', '/api/pages/{pagename}');
  config.addRoute('api_session', '/api/session');
  config.include(addPageViews);
  config.include(addSessionViews);
  for (const routeName of API_ROUTES) config.addExceptionView(answerError, { context: HTTPError, routeName });
}
