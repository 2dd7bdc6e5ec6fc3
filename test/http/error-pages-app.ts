// An app that answers 401, 403, 404, 405, 409 and 415 with no exception views of its own, for the
// error-page tests (through inject() and in a browser).
import type { FastifyInstance, InjectOptions } from 'fastify';
import { HTTPConflict, HTTPForbidden, HTTPUnauthorized } from '../../lib/index.js';
import { appWith } from '../helpers.js';

/** What Chromium sends when it navigates. */
export const BROWSER_ACCEPT =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

/** An app answering 401, 403, 404, 405, 409 and 415 the way first apps do. */
export function errorPagesApp(): Promise<FastifyInstance> {
  return appWith((config) => {
    config.addRoute('account', '/account');
    config.addView(
      () => {
        // Bearer, not Basic: a browser shows the page instead of asking for a password.
        throw new HTTPUnauthorized({ headers: { 'WWW-Authenticate': 'Bearer realm="shop"' } });
      },
      { routeName: 'account' },
    );
    config.addRoute('admin', '/admin');
    config.addView(
      () => {
        throw new HTTPForbidden({ detail: 'Only <admins> may look.' });
      },
      { routeName: 'admin', requestMethod: 'GET' },
    );
    config.addRoute('page', '/pages/{name}');
    config.addView(() => ({ read: true }), { routeName: 'page', requestMethod: 'GET', renderer: 'json' });
    config.addView(
      () => {
        throw new HTTPConflict({ detail: 'The page TeaTime exists already.' });
      },
      { routeName: 'page', requestMethod: 'POST' },
    );
  });
}

/** The requests that answer each status, sent with `accept`. */
export function errorRequests(accept?: string): Array<[number, InjectOptions]> {
  const headers = accept === undefined ? {} : { accept };
  return [
    [401, { url: '/account', headers }],
    [403, { url: '/admin', headers }],
    [404, { url: '/nowhere', headers }],
    [405, { method: 'DELETE', url: '/pages/TeaTime', headers }],
    [409, { method: 'POST', url: '/pages/TeaTime', headers, payload: { a: 1 } }],
    [
      415,
      {
        method: 'POST',
        url: '/pages/TeaTime',
        headers: { ...headers, 'content-type': 'application/xml' },
        payload: '<a/>',
      },
    ],
  ];
}
