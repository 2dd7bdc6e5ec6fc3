// ziggurat/addons/csrf: every unsafe request must carry the session's CSRF token.
import {
  asBool,
  asList,
  type Configurator,
  type Request,
  type Settings,
  type ViewDeriver,
} from '../../lib/index.js';
import { type CsrfOptions, checkCsrfOrigin, checkCsrfToken } from './check.js';
import { getCsrfToken } from './tokens.js';

export { type CsrfOptions, checkCsrfOrigin, checkCsrfToken } from './check.js';
export { BadCSRFOrigin, BadCSRFToken } from './errors.js';
export { getCsrfToken, newCsrfToken } from './tokens.js';

declare module '../../lib/index.js' {
  interface Settings {
    /** The form field carrying the token (default csrf_token). */
    'csrf.field'?: string;
    /** The header carrying the token (default X-CSRF-Token). */
    'csrf.header'?: string;
    /** Origins (or hosts) besides the app's own allowed to send unsafe https requests. */
    'csrf.trustedOrigins'?: string | readonly string[];
    'csrf.checkOrigin'?: boolean | string;
    'csrf.allowNoOrigin'?: boolean | string;
    'csrf.safeMethods'?: string | readonly string[];
  }
  interface ViewOptions {
    /** With ziggurat/addons/csrf: false exempts the view from the CSRF check (default true). */
    requireCsrf?: boolean;
  }
  interface Request {
    /** With ziggurat/addons/csrf: the session's CSRF token (made on first use). */
    readonly csrfToken: string;
  }
}

/** Read the `csrf.*` settings. */
export function readCsrfOptions(settings: Settings): CsrfOptions {
  const safe = settings['csrf.safeMethods'];
  return {
    field: String(settings['csrf.field'] ?? 'csrf_token'),
    header: String(settings['csrf.header'] ?? 'X-CSRF-Token'),
    safeMethods: new Set(
      (safe === undefined ? ['GET', 'HEAD', 'OPTIONS', 'TRACE'] : asList(safe)).map((m) => m.toUpperCase()),
    ),
    checkOrigin: settings['csrf.checkOrigin'] === undefined ? true : asBool(settings['csrf.checkOrigin']),
    trustedOrigins: asList(settings['csrf.trustedOrigins']),
    allowNoOrigin: asBool(settings['csrf.allowNoOrigin']),
  };
}

/**
 * Include with `config.include(csrf)` (after the session add-on): unsafe methods need the token.
 * @example
 * config.include(session);
 * config.include(csrf);
 * config.addView(save, { routeName: 'save', requestMethod: 'POST' }); // checked
 * config.addView(hook, { routeName: 'hook', requestMethod: 'POST', requireCsrf: false }); // not checked
 */
export function includeme(config: Configurator): void {
  config.declareSettings('csrf', [
    'field',
    'header',
    'trustedOrigins',
    'checkOrigin',
    'allowNoOrigin',
    'safeMethods',
  ]);
  const csrfView: ViewDeriver = (view, info) => {
    if (info.exceptionOnly || info.options.requireCsrf === false) return view;
    const options = readCsrfOptions(info.registry.settings);
    return (request: Request) => {
      if (!options.safeMethods.has(request.method)) {
        if (options.checkOrigin) checkCsrfOrigin(request, options);
        checkCsrfToken(request, options);
      }
      return view(request);
    };
  };
  config.addViewDeriver(csrfView, { name: 'ziggurat.csrf', options: ['requireCsrf'] });
  // Read from the session on each use, not cached: rotate() at log-in renews it within the request.
  config.addRequestMethod(getCsrfToken, 'csrfToken', { property: true });
}

export default includeme;
