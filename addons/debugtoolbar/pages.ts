// The toolbar's pages, plain Fastify routes under /_debug_toolbar/ (no tween, view or security of the app
// runs for them): the history, one request's panels, EXPLAIN for a query, and the static files.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_CSS, PAGE_JS, TOOLBAR_CSS, TOOLBAR_JS } from './assets.js';
import { html, type Markup, ms, raw } from './html.js';
import { TOOLBAR_PATH } from './inject.js';
import type { RequestRecord } from './record.js';
import type { Toolbar } from './toolbar.js';

const STATIC: Record<string, { type: string; body: string }> = {
  'toolbar.css': { type: 'text/css; charset=utf-8', body: TOOLBAR_CSS },
  'toolbar.js': { type: 'text/javascript; charset=utf-8', body: TOOLBAR_JS },
  'page.css': { type: 'text/css; charset=utf-8', body: PAGE_CSS },
  'page.js': { type: 'text/javascript; charset=utf-8', body: PAGE_JS },
};

function page(title: string, body: Markup): string {
  return String(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><link rel="stylesheet" href="${TOOLBAR_PATH}/static/page.css"></head><body>${body}<script src="${TOOLBAR_PATH}/static/page.js"></script></body></html>`,
  );
}

function historyPage(toolbar: Toolbar): string {
  const rows = toolbar.history
    .list()
    .map(
      (record) =>
        html`<tr><td>${record.startedAt.toISOString()}</td><td>${record.method}</td><td><a href="${TOOLBAR_PATH}/requests/${record.id}">${record.url}</a></td><td>${record.status}</td><td>${record.contentType}</td><td>${record.xhr ? 'XHR' : ''}</td><td>${ms(record.durationMs)}</td></tr>`,
    );
  return page(
    'Debug toolbar: requests',
    html`<header><h1>Ziggurat debug toolbar</h1><span>the last ${toolbar.options.maxRequests} requests, newest first</span></header><main><table id="zdt-history"><thead><tr><th>time</th><th>method</th><th>URL</th><th>status</th><th>type</th><th></th><th>duration</th></tr></thead><tbody>${rows.length === 0 ? html`<tr><td colspan="7" class="zdt-empty">no request recorded yet</td></tr>` : rows}</tbody></table></main>`,
  );
}

function panelSection(toolbar: Toolbar, record: RequestRecord, name: string): Markup {
  const panel = toolbar.panels.find((candidate) => candidate.name === name);
  if (panel === undefined) return html``;
  const failure = record.failures.get(name);
  let content: Markup | string;
  try {
    content =
      failure !== undefined
        ? html`<p class="zdt-fail">collecting failed: ${failure}</p>`
        : panel.render(record.panels.get(name) as never);
  } catch (error) {
    content = html`<p class="zdt-fail">rendering failed: ${(error as Error).message}</p>`;
  }
  const body = typeof content === 'string' ? raw(content) : content;
  return html`<section class="zdt-panel" id="zdt-panel-${name}" data-panel="${name}"><h2>${panel.title}</h2>${body}</section>`;
}

function requestPage(toolbar: Toolbar, record: RequestRecord): string {
  const nav = toolbar.panels.map((panel) => {
    const data = record.panels.get(panel.name);
    const summary =
      !record.panels.has(panel.name) || panel.summary === undefined ? '' : panel.summary(data as never);
    return html`<a href="#${panel.name}" data-panel="${panel.name}" id="zdt-tab-${panel.name}">${panel.title}<small>${summary}</small></a>`;
  });
  const sections = toolbar.panels.map((panel) => panelSection(toolbar, record, panel.name));
  return page(
    `Debug toolbar: ${record.method} ${record.url}`,
    html`<header><h1>${record.method} ${record.url}</h1><span>${record.status}</span><span>${ms(record.durationMs)}</span><a href="${TOOLBAR_PATH}/" target="_top">all requests</a></header>${record.error === null ? '' : html`<pre class="zdt-fail" id="zdt-error">${record.error}</pre>`}<div class="zdt-layout"><nav>${nav}</nav><main>${sections}</main></div>`,
  );
}

function send(reply: FastifyReply, type: string, body: string): FastifyReply {
  return reply.header('cache-control', 'no-store').type(type).send(body);
}

async function explain(
  toolbar: Toolbar,
  id: string,
  index: string,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const query = toolbar.history.get(id)?.queries[Number(index)];
  if (query === undefined) return reply.code(404).send({ error: 'no such query' });
  if (query.explain === null)
    return reply.code(400).send({ error: 'EXPLAIN is offered for SELECT queries only' });
  try {
    return reply.send({ plan: await query.explain() });
  } catch (error) {
    return reply.code(500).send({ error: `EXPLAIN failed: ${(error as Error).message}` });
  }
}

/** Add the toolbar's routes to `app`; a client the toolbar does not answer gets a 404, as if there were none. */
export function registerPages(app: FastifyInstance, toolbar: Toolbar): void {
  const guard = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    if (toolbar.allows(request.ip)) {
      done();
      return;
    }
    void reply.code(404).type('text/plain; charset=utf-8').send('Not Found');
  };
  const route = { onRequest: guard, logLevel: 'warn' as const };
  app.get(`${TOOLBAR_PATH}/`, route, (_request, reply) =>
    send(reply, 'text/html; charset=utf-8', historyPage(toolbar)),
  );
  app.get<{ Params: { id: string } }>(`${TOOLBAR_PATH}/requests/:id`, route, (request, reply) => {
    const record = toolbar.history.get(request.params.id);
    if (record === undefined)
      return reply.code(404).type('text/plain; charset=utf-8').send('No such request in the history');
    return send(reply, 'text/html; charset=utf-8', requestPage(toolbar, record));
  });
  app.post<{ Params: { id: string; index: string } }>(
    `${TOOLBAR_PATH}/requests/:id/sql/:index/explain`,
    route,
    (request, reply) => explain(toolbar, request.params.id, request.params.index, reply),
  );
  app.get<{ Params: { file: string } }>(`${TOOLBAR_PATH}/static/:file`, route, (request, reply) => {
    const file = Object.hasOwn(STATIC, request.params.file) ? STATIC[request.params.file] : undefined;
    if (file === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('Not Found');
    return reply.header('cache-control', 'no-cache').type(file.type).send(file.body);
  });
}
