// The Logs panel: the records written through request.log while the request ran.
import { html, type Markup } from '../html.js';
import type { DebugPanel, PanelContext } from '../panel.js';
import type { LogRecord } from '../record.js';

/** Shows the request's log records. */
export class LogsPanel implements DebugPanel<LogRecord[]> {
  readonly name = 'logs';
  readonly title = 'Logs';

  collect({ record }: PanelContext): LogRecord[] {
    return [...record.logs];
  }

  summary(data: LogRecord[]): string {
    return `${data.length} records`;
  }

  render(data: LogRecord[]): Markup {
    if (data.length === 0) return html`<p class="zdt-empty">nothing was logged through request.log</p>`;
    return html`<table id="zdt-logs"><thead><tr><th>time</th><th>level</th><th>message</th><th>data</th></tr></thead><tbody>${data.map(
      (log) =>
        html`<tr><td>${new Date(log.time).toISOString()}</td><td>${log.level}</td><td>${log.message}</td><td>${log.data === null ? '' : html`<pre>${log.data}</pre>`}</td></tr>`,
    )}</tbody></table>`;
  }
}
