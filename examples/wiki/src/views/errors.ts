// The pages shown instead of an answer: not found (404), and a form sent without its CSRF token (400) or from another site (403).
import {
  exceptionViewConfig,
  type HTTPException,
  inject,
  injectable,
  notFoundViewConfig,
  Request,
} from 'ziggurat';
import { BadCSRFToken } from 'ziggurat/addons/csrf';
import { isWikiWord } from '../wikiwords.js';
import { withLayout } from './layout.js';

/**
 * The not-found page and the page for a form that failed its CSRF check.
 * @example config.scan(errorViews);
 */
@injectable()
export class ErrorViews {
  readonly #request: Request;

  constructor(@inject(Request) request: Request) {
    this.#request = request;
  }

  @notFoundViewConfig({ renderer: 'notfound.hbs' })
  notFound() {
    this.#request.response.status = 404;
    const name = String(this.#request.matchdict.pagename ?? '');
    // A missing page's WikiWord links here from other pages: offer to add it (editors only, after logging in).
    const missingPage = this.#request.matchedRoute?.name === 'view_page' && isWikiWord(name);
    const addUrl = missingPage ? this.#request.routePath('add_page', { params: { pagename: name } }) : null;
    return withLayout(this.#request, { title: 'Not found', path: this.#request.path, name, addUrl });
  }

  @exceptionViewConfig(BadCSRFToken, { renderer: 'csrf.hbs' })
  badCsrf() {
    // 400 for a missing or wrong token, 403 (BadCSRFOrigin) for a form posted from another site.
    this.#request.response.status = (this.#request.exception as HTTPException).status;
    return withLayout(this.#request, { title: 'Form expired' });
  }
}
