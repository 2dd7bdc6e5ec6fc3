// The pages shown instead of an answer, all in the wiki's layout: not found (404), a form that failed its
// CSRF check (400, or 403 from another site), adding a page that exists (409), and every other HTTP error.
import {
  exceptionViewConfig,
  HTTPError,
  type HTTPException,
  inject,
  injectable,
  notFoundViewConfig,
  Request,
} from 'ziggurat';
import { BadCSRFToken } from 'ziggurat/addons/csrf';
import { isWikiWord } from '../wikiwords.js';
import { type LayoutValues, withLayout } from './layout.js';
import { PageExists } from './pages.js';

/**
 * The wiki's error pages. The most specific exception view wins, so the views for HTTPNotFound,
 * BadCSRFToken and PageExists (and the forbidden view in auth.ts) answer those, and the HTTPError view
 * the other 4xx and 5xx (401, 405, 409, 413, 415, 503, ...). HTTPError, not HTTPException: a raised
 * redirect is an HTTPException too, and must stay a redirect.
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
    this.#keepExceptionHeaders();
    return withLayout(this.#request, { title: 'Form expired' });
  }

  @exceptionViewConfig(PageExists, { renderer: 'exists.hbs' })
  pageExists() {
    const error = this.#keepExceptionHeaders() as PageExists;
    return withLayout(this.#request, {
      title: `${error.pagename} exists already`,
      name: error.pagename,
      editUrl: error.editUrl,
    });
  }

  // For people only: a JSON client (a malformed body sent to /api, say) gets the problem document.
  @exceptionViewConfig(HTTPError, { renderer: 'error.hbs', accept: 'text/html' })
  httpError() {
    const error = this.#keepExceptionHeaders();
    const values = { title: error.title, explanation: error.explanation, detail: error.detail ?? null };
    // A 5xx may mean the database or the session store is what failed: no looking up who is logged in.
    if (error.status >= 500) return { ...values, ...ANONYMOUS };
    return withLayout(this.#request, values);
  }

  /** The exception's status and headers (a 405's Allow, a 503's Retry-After) on the page's response. */
  #keepExceptionHeaders(): HTTPException {
    const error = this.#request.exception as HTTPException;
    const response = this.#request.response;
    response.status = error.status;
    for (const [name, value] of error.headers) {
      // The page is the template's HTML, whatever type the exception's own body had.
      if (name.toLowerCase() === 'content-type') continue;
      for (const item of [value].flat()) response.headers.append(name, item);
    }
    return error;
  }
}

/** The layout's values without the user: no login link either, since logging in needs what failed. */
const ANONYMOUS: LayoutValues = { user: null, loginUrl: '' };
