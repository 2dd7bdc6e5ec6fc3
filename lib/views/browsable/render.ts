// The json renderer of a view when the browsable API is on: a browser (Accept prefers text/html)
// gets the HTML page; every other client gets the JSON, after one look at its Accept header.

import type { ViewEntry } from '../../config/state.js';
import { acceptQuality } from '../../http/accept-header.js';
import type { Request } from '../../http/request.js';
import type { RenderFunction, RenderSystem } from '../../types.js';
import { renderedView } from '../render.js';
import { type BrowsablePage, browsablePage, type PageRequest } from './page.js';

/** What every page of the app shares, read at commit. */
export interface BrowsableApp {
  /** The `api.login_url` setting, or null; with none, a route named `login` is linked when there is one. */
  readonly loginUrl: string | null;
  /** Whether a security policy is set: only then is a log-in link shown. */
  readonly secured: boolean;
  /** The CSRF add-on's header (`csrf.header`), or null when the add-on is not included. */
  readonly csrfHeader: string | null;
}

const HTML = 'text/html; charset=utf-8';

/** Whether the Accept header prefers HTML to JSON: a browser's does, curl's and fetch's do not. */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || !accept.includes('text/html')) return false;
  return acceptQuality(accept, 'text/html') > acceptQuality(accept, 'application/json');
}

function withCameFrom(url: string, request: Request): string {
  return `${url}${url.includes('?') ? '&' : '?'}came_from=${encodeURIComponent(request.url)}`;
}

function loginUrlFor(app: BrowsableApp, request: Request): string | null {
  if (!app.secured) return null;
  if (app.loginUrl !== null) return withCameFrom(app.loginUrl, request);
  try {
    return withCameFrom(request.routePath('login'), request);
  } catch {
    return null; // no route named login (or it needs parameters): no link
  }
}

function csrfFor(app: BrowsableApp, request: Request): PageRequest['csrf'] {
  if (app.csrfHeader === null) return null;
  const token = (request as unknown as { csrfToken?: unknown }).csrfToken;
  return typeof token === 'string' ? { header: app.csrfHeader, token } : null;
}

/** The headers a JSON client would get, as far as they are known when the view's result is rendered. */
function shownHeaders(request: Request, contentType: string | undefined): Array<[string, string]> {
  const shown = new Map<string, string>();
  for (const [name, value] of Object.entries(request.fastify.reply.getHeaders()))
    shown.set(name.toLowerCase(), String(value));
  for (const [name, value] of request.response.headers)
    shown.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  if (!shown.has('content-type') && contentType !== undefined) shown.set('content-type', contentType);
  return [...shown];
}

function pageFor(
  page: BrowsablePage,
  app: BrowsableApp,
  request: Request,
  json: string | Buffer,
  contentType?: string,
): string {
  const response = request.response;
  const headers = shownHeaders(request, contentType);
  response.contentType = HTML;
  response.headers.append('vary', 'Accept');
  return browsablePage(page, {
    method: request.method,
    url: request.url,
    path: request.path,
    status: response.status,
    headers,
    json: String(json),
    loginUrl: loginUrlFor(app, request),
    csrf: csrfFor(app, request),
  });
}

/**
 * Wrap a json renderer (a view's response schemas' serializer included, so the page shows what a
 * JSON client gets): for a browser, the JSON goes into the page `describe` gives for the view
 * rendered. One wrapper serves every view with that renderer.
 */
export function browsableRender(
  render: RenderFunction,
  describe: (view: ViewEntry) => BrowsablePage,
  app: BrowsableApp,
): RenderFunction {
  const browsable: RenderFunction = (value, system: RenderSystem) => {
    const request = system.request;
    const view = renderedView(system);
    // Node joins repeated Accept headers into one string, under the lower-case name.
    if (request === null || view === undefined || !prefersHtml(request.headers.accept as string | undefined))
      return render(value, system);
    const page = describe(view);
    const json = render(value, system);
    if (typeof json === 'string' || Buffer.isBuffer(json))
      return pageFor(page, app, request, json, render.contentType);
    return json.then((made) => pageFor(page, app, request, made, render.contentType));
  };
  if (render.contentType !== undefined) browsable.contentType = render.contentType;
  return browsable;
}
