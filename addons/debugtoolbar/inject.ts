// Adding the toolbar to an HTML response (before its last </body>), and the page that stands in for an
// intercepted redirect. Other responses pass untouched.
import { Response } from '../../lib/index.js';
import { html } from './html.js';

/** Where the toolbar's pages and files are served. */
export const TOOLBAR_PATH = '/_debug_toolbar';

const HTML_TYPES = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The markup added to a page: a container the script fills, the toolbar's stylesheet and script. */
export function toolbarSnippet(id: string): string {
  return String(
    html`<div id="zig-debug-toolbar" data-toolbar-url="${TOOLBAR_PATH}/requests/${id}" hidden></div><link rel="stylesheet" href="${TOOLBAR_PATH}/static/toolbar.css"><script src="${TOOLBAR_PATH}/static/toolbar.js" defer></script>`,
  );
}

function bodyText(response: Response): string | null {
  const body = response.body;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return null;
}

/** Whether the toolbar can be added: an HTML page, not a redirect nor an empty answer, with a </body>. */
export function injectable(response: Response): boolean {
  // A string body without a content type is sent as text/html, so it is a page too.
  const type = response.headers.get('content-type') ?? (typeof response.body === 'string' ? 'text/html' : '');
  if (!HTML_TYPES.test(type) || response.status === 204 || response.status === 304) return false;
  if (response.headers.get('content-encoding') !== undefined) return false;
  return bodyText(response)?.toLowerCase().includes('</body>') ?? false;
}

/** Put the toolbar before the page's last </body>; the length is then the new body's. */
export function injectToolbar(response: Response, id: string): void {
  const text = bodyText(response) as string;
  const at = text.toLowerCase().lastIndexOf('</body>');
  response.body = text.slice(0, at) + toolbarSnippet(id) + text.slice(at);
  response.headers.delete('content-length');
}

/** Whether a response is a redirect the toolbar intercepts (when debugtoolbar.intercept_redirects is on). */
export function isRedirect(response: Response): boolean {
  return REDIRECTS.has(response.status) && response.headers.get('location') !== undefined;
}

/**
 * Pyramid's redirect interception: a 200 page that says where the app redirected, with a link to
 * follow, so the toolbar of the request that redirected can be read first.
 */
export function interceptedRedirect(response: Response, id: string): Response {
  const location = response.headers.get('location') ?? '';
  const page = html`<!doctype html><html><head><meta charset="utf-8"><title>Redirect intercepted</title></head><body><h1>Redirect intercepted</h1><p>The app answered <strong>${response.status}</strong> with Location: <a id="zig-redirect-location" href="${location}">${location}</a></p><p>The debug toolbar intercepts redirects (debugtoolbar.intercept_redirects = true), so this request's panels can be read first.</p></body></html>`;
  const intercepted = new Response(String(page), { contentType: 'text/html; charset=utf-8' });
  // A login sets its cookie on the redirect: keep it, so following the link behaves as the redirect would.
  for (const cookie of response.headers.getAll('set-cookie'))
    intercepted.headers.append('set-cookie', cookie);
  injectToolbar(intercepted, id);
  return intercepted;
}
