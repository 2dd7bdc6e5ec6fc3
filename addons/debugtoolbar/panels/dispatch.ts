// The Dispatch panel: how the framework reached the view (route and matchdict, or traversal), every
// candidate view with each predicate's verdict (what `ziggurat views` shows), and the permissions checked.
import { describeResource, explainPath, type PathExplanation, type Request } from '../../../lib/index.js';
import { html, type Markup, table } from '../html.js';
import type { DebugPanel, PanelContext } from '../panel.js';
import type { PermitRecord } from '../record.js';

interface DispatchData {
  route: { name: string; pattern: string; location: string } | null;
  matchdict: Record<string, unknown>;
  traversal: { context: string; viewName: string; subpath: string[]; traversed: string[] };
  explanation: PathExplanation | string;
  permits: PermitRecord[];
}

/**
 * The candidates as `ziggurat views` lists them, for the request itself: its route, context and
 * traversal as dispatch found them (the root factory and traversal do not run again), each predicate
 * asked about it once it has been answered.
 */
async function explain(request: Request): Promise<PathExplanation | string> {
  try {
    return await explainPath(request.registry, request.fastify.request.url, { request });
  } catch (error) {
    return `the candidates could not be listed: ${(error as Error).message}`;
  }
}

function verdict(passed: boolean): Markup {
  return passed ? html`<span class="zdt-pass">pass</span>` : html`<span class="zdt-fail">fail</span>`;
}

function candidates(explanation: PathExplanation): Markup {
  const routes = explanation.routes.map(
    (route) =>
      html`<tr><td>${route.name}</td><td><code>${route.pattern}</code></td><td>${verdict(route.matched)}</td><td>${route.predicates.map((check) => html`<div>${verdict(check.passed)} ${check.text}</div>`)}</td></tr>`,
  );
  const views = explanation.views.map(
    (view) =>
      html`<tr class="${view.selected ? 'zdt-selected' : ''}"><td>${view.selected ? '\u2192 ' : ''}${view.callable}</td><td>${view.location}</td><td>${view.permission ?? ''}</td><td>${view.renderer ?? ''}</td><td>${view.checks.length === 0 ? 'none' : view.checks.map((check) => html`<div>${verdict(check.passed)} ${check.text}</div>`)}</td></tr>`,
  );
  return html`<h3>Routes tried</h3>${routes.length === 0 ? html`<p class="zdt-empty">none (traversal from the root)</p>` : html`<table><thead><tr><th>route</th><th>pattern</th><th>pattern matched</th><th>predicates</th></tr></thead><tbody>${routes}</tbody></table>`}
<h3>Candidate views</h3>${views.length === 0 ? html`<p class="zdt-empty">none</p>` : html`<table id="zdt-views"><thead><tr><th>view</th><th>where</th><th>permission</th><th>renderer</th><th>predicates</th></tr></thead><tbody>${views}</tbody></table>`}
<p>Outcome: <strong>${explanation.outcome}</strong></p>`;
}

function permissions(permits: readonly PermitRecord[]): Markup {
  if (permits.length === 0) return html`<p class="zdt-empty">no permission was checked</p>`;
  return html`<table><thead><tr><th>permission</th><th>context</th><th>answer</th><th>why</th></tr></thead><tbody>${permits.map(
    (permit) =>
      html`<tr><td>${permit.permission}</td><td>${permit.context}</td><td>${verdict(permit.allowed)}</td><td>${permit.explanation}</td></tr>`,
  )}</tbody></table>`;
}

/** Shows the route or traversal that found the context, the view candidates and the security checks. */
export class DispatchPanel implements DebugPanel<DispatchData> {
  readonly name = 'dispatch';
  readonly title = 'Dispatch';

  async collect({ request, record }: PanelContext): Promise<DispatchData> {
    const route = request.matchedRoute;
    return {
      route: route === null ? null : { name: route.name, pattern: route.pattern, location: route.location },
      matchdict: { ...request.matchdict },
      traversal: {
        context: describeResource(request.context),
        viewName: request.viewName,
        subpath: [...request.subpath],
        traversed: [...request.traversed],
      },
      explanation: await explain(request),
      permits: [...record.permits],
    };
  }

  summary(data: DispatchData): string {
    return data.route === null ? 'traversal' : `route ${data.route.name}`;
  }

  render(data: DispatchData): Markup {
    const route =
      data.route === null
        ? html`<p id="zdt-route">No route matched: traversal from the root.</p>`
        : html`<table id="zdt-route"><tbody><tr><th>route</th><td>${data.route.name}</td></tr><tr><th>pattern</th><td><code>${data.route.pattern}</code></td></tr><tr><th>added at</th><td>${data.route.location}</td></tr></tbody></table>`;
    return html`<h3>Route</h3>${route}<h3>Matchdict</h3>${table(Object.entries(data.matchdict))}
<h3>Traversal</h3>${table([
      ['context', data.traversal.context],
      ['view name', data.traversal.viewName === '' ? "'' (the default view)" : data.traversal.viewName],
      ['subpath', data.traversal.subpath],
      ['traversed', data.traversal.traversed],
    ])}
${typeof data.explanation === 'string' ? html`<p class="zdt-fail">${data.explanation}</p>` : candidates(data.explanation)}
<h3>Permissions</h3>${permissions(data.permits)}`;
  }
}
