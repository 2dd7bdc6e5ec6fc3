// The Rendering panel: each template (or other renderer) run for the request, its file, time and values.
import { html, type Markup, ms } from '../html.js';
import type { DebugPanel, PanelContext } from '../panel.js';
import type { RenderRecord } from '../record.js';

/** Shows what the `ziggurat:render` channel reported for the request. */
export class RenderingPanel implements DebugPanel<RenderRecord[]> {
  readonly name = 'rendering';
  readonly title = 'Rendering';

  collect({ record }: PanelContext): RenderRecord[] {
    return [...record.renders];
  }

  summary(data: RenderRecord[]): string {
    return `${data.length} rendered`;
  }

  render(data: RenderRecord[]): Markup {
    if (data.length === 0)
      return html`<p class="zdt-empty">nothing was rendered (the view returned a Response)</p>`;
    return html`${data.map(
      (render, index) =>
        html`<h3>${index + 1}. <code class="zdt-renderer">${render.renderer}</code> in ${ms(render.durationMs)}</h3><table><tbody><tr><th>file</th><td>${render.source ?? '(no file)'}</td></tr>${render.error === null ? '' : html`<tr><th>error</th><td class="zdt-fail">${render.error}</td></tr>`}<tr><th>values</th><td><pre>${render.values}</pre></td></tr></tbody></table>`,
    )}`;
  }
}
