// The Request panel: what the client sent (method, URL, params, headers, cookies), the session, the app's
// request extensions, and the response's status and headers.
import { Request, type Session } from '../../../lib/index.js';
import { html, type Markup, table } from '../html.js';
import type { DebugPanel, PanelContext } from '../panel.js';

interface RequestData {
  method: string;
  url: string;
  query: Record<string, unknown>;
  body: unknown;
  matchdict: Record<string, unknown>;
  headers: Record<string, unknown>;
  cookies: Record<string, string>;
  session: Record<string, unknown> | string;
  extensions: string[];
  status: number;
  responseHeaders: Record<string, unknown>;
}

/** The names the app added to its requests (config.addRequestMethod): those of the app's Request subclass. */
function extensionNames(request: Request): string[] {
  const names: string[] = [];
  for (
    let proto = Object.getPrototypeOf(request);
    proto !== null && proto !== Request.prototype;
    proto = Object.getPrototypeOf(proto)
  )
    names.push(...Object.getOwnPropertyNames(proto).filter((name) => name !== 'constructor'));
  return names.sort();
}

/**
 * Apps without sessions, by registry, with what request.session said: asking again would build (and
 * throw) an error, with its stack, for every recorded request.
 */
const WITHOUT_SESSIONS = new WeakMap<object, string>();

/** The session's contents, when the app has sessions and its session lists its keys (the session add-on's does). */
async function sessionOf(request: Request): Promise<Record<string, unknown> | string> {
  const known = WITHOUT_SESSIONS.get(request.registry);
  if (known !== undefined) return known;
  try {
    const session = (await (request.session as Session | Promise<Session>)) as Session & {
      keys?: () => string[];
    };
    if (typeof session.keys !== 'function') return 'the session does not list its keys';
    return Object.fromEntries(session.keys().map((key) => [key, session.get(key)]));
  } catch (error) {
    const said = `no session (${(error as Error).message})`;
    if ((error as { code?: unknown }).code === 'ZIG_ERR_NO_SESSION')
      WITHOUT_SESSIONS.set(request.registry, said);
    return said;
  }
}

/** Shows the request as the view saw it and the response it answered. */
export class RequestPanel implements DebugPanel<RequestData> {
  readonly name = 'request';
  readonly title = 'Request';

  async collect({ request, response }: PanelContext): Promise<RequestData> {
    return {
      method: request.method,
      url: request.url,
      query: { ...(request.query as Record<string, unknown>) },
      body: request.body,
      matchdict: { ...request.matchdict },
      headers: { ...request.headers },
      cookies: Object.fromEntries(
        Object.entries(request.cookies).map(([name, value]) => [name, String(value)]),
      ),
      session: await sessionOf(request),
      extensions: extensionNames(request),
      status: response.status,
      responseHeaders: response.headers.toObject(),
    };
  }

  summary(data: RequestData): string {
    return `${data.method} ${data.status}`;
  }

  render(data: RequestData): Markup {
    return html`<table class="zdt-table"><tbody><tr><th>method</th><td>${data.method}</td></tr><tr><th>URL</th><td>${data.url}</td></tr><tr><th>status</th><td>${data.status}</td></tr></tbody></table>
<h3>Query parameters</h3>${table(Object.entries(data.query))}
<h3>Body</h3>${data.body === undefined ? html`<p class="zdt-empty">none</p>` : table([['body', data.body]])}
<h3>Matchdict</h3>${table(Object.entries(data.matchdict))}
<h3>Headers</h3>${table(Object.entries(data.headers))}
<h3>Cookies</h3>${table(Object.entries(data.cookies))}
<h3>Session</h3>${typeof data.session === 'string' ? html`<p class="zdt-empty">${data.session}</p>` : table(Object.entries(data.session), 'empty')}
<h3>Request extensions (addRequestMethod)</h3>${data.extensions.length === 0 ? html`<p class="zdt-empty">none</p>` : html`<p>${data.extensions.map((name) => html`<code>request.${name}</code> `)}</p>`}
<h3>Response headers</h3>${table(Object.entries(data.responseHeaders))}`;
  }
}
