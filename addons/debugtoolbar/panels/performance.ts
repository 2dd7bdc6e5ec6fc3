// The Performance panel: the request's total time, each tween's (inclusive and its own), MAIN's and the renderers'.
import { html, type Markup, ms } from '../html.js';
import type { DebugPanel, PanelContext } from '../panel.js';

interface TimeRow {
  name: string;
  inclusiveMs: number;
  ownMs: number;
}

interface PerformanceData {
  totalMs: number;
  /** MAIN's time without its renderers': route match, root, traversal, permission and the view itself (null: not timed). */
  viewMs: number | null;
  tweens: TimeRow[];
  renderingMs: number;
  sqlMs: number;
}

/**
 * The tween times, outermost first, each with its own share (its time minus the next one's). The
 * channel reports the innermost first, since it reports each as it returns.
 */
function chain(tweens: readonly { name: string; durationMs: number }[]): TimeRow[] {
  const outermostFirst = [...tweens].reverse();
  return outermostFirst.map((tween, index) => ({
    name: tween.name,
    inclusiveMs: tween.durationMs,
    ownMs: tween.durationMs - (outermostFirst[index + 1]?.durationMs ?? 0),
  }));
}

/** Shows where the request's time went. */
export class PerformancePanel implements DebugPanel<PerformanceData> {
  readonly name = 'performance';
  readonly title = 'Performance';

  collect({ record }: PanelContext): PerformanceData {
    const renderingMs = record.renders.reduce((sum, render) => sum + render.durationMs, 0);
    const main = record.tweens.find((tween) => tween.name === 'MAIN');
    return {
      totalMs: record.durationMs,
      viewMs: main === undefined ? null : Math.max(0, main.durationMs - renderingMs),
      tweens: chain(record.tweens),
      renderingMs,
      sqlMs: record.queries.reduce((sum, query) => sum + query.durationMs, 0),
    };
  }

  summary(data: PerformanceData): string {
    return ms(data.totalMs);
  }

  render(data: PerformanceData): Markup {
    const rows = data.tweens.map(
      (row) =>
        html`<tr><td><code>${row.name}</code></td><td>${ms(row.inclusiveMs)}</td><td>${ms(row.ownMs)}</td><td><div class="zdt-bar" style="width:${Math.max(1, Math.round((row.ownMs / Math.max(data.totalMs, 0.001)) * 300))}px"></div></td></tr>`,
    );
    return html`<table id="zdt-times"><tbody><tr><th>total (as the toolbar saw it)</th><td>${ms(data.totalMs)}</td></tr><tr><th>view (MAIN without rendering)</th><td>${data.viewMs === null ? 'not timed' : ms(data.viewMs)}</td></tr><tr><th>rendering</th><td>${ms(data.renderingMs)}</td></tr><tr><th>SQL (request.db)</th><td>${ms(data.sqlMs)}</td></tr></tbody></table>
<h3>Tweens, outermost first (MAIN: route, traversal, view and rendering)</h3>${rows.length === 0 ? html`<p class="zdt-empty">no tween times (the app started before the toolbar listened)</p>` : html`<table><thead><tr><th>tween</th><th>with what it wraps</th><th>its own</th><th></th></tr></thead><tbody>${rows}</tbody></table>`}`;
  }
}
