// The SQL panel: each query run through request.db, as the SQL add-on reported it, with an EXPLAIN button.
import { html, type Markup, ms, show } from '../html.js';
import { TOOLBAR_PATH } from '../inject.js';
import type { DebugPanel, PanelContext } from '../panel.js';

interface QueryRow {
  sql: string;
  parameters: string;
  durationMs: number;
  error: string | null;
  explainable: boolean;
}

interface SqlData {
  id: string;
  queries: QueryRow[];
}

/** Shows the queries the `ziggurat:sql:query` channel reported for the request. */
export class SqlPanel implements DebugPanel<SqlData> {
  readonly name = 'sql';
  readonly title = 'SQL';

  collect({ record }: PanelContext): SqlData {
    return {
      id: record.id,
      queries: record.queries.map((query) => ({
        sql: query.sql,
        parameters: show(query.parameters),
        durationMs: query.durationMs,
        error: query.error,
        explainable: query.explain !== null,
      })),
    };
  }

  summary(data: SqlData): string {
    const total = data.queries.reduce((sum, query) => sum + query.durationMs, 0);
    return `${data.queries.length} queries, ${ms(total)}`;
  }

  render(data: SqlData): Markup {
    if (data.queries.length === 0) return html`<p class="zdt-empty">no query ran through request.db</p>`;
    const rows = data.queries.map(
      (query, index) =>
        html`<tr><td>${index + 1}</td><td><pre class="zdt-sql">${query.sql}</pre>${query.error === null ? '' : html`<p class="zdt-fail">${query.error}</p>`}<pre id="zdt-explain-${index}"></pre></td><td><pre>${query.parameters}</pre></td><td>${ms(query.durationMs)}</td><td>${query.explainable ? html`<button type="button" data-explain="${TOOLBAR_PATH}/requests/${data.id}/sql/${index}/explain" data-output="zdt-explain-${index}">EXPLAIN</button>` : ''}</td></tr>`,
    );
    return html`<table id="zdt-queries"><thead><tr><th>#</th><th>query</th><th>parameters</th><th>time</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
  }
}
