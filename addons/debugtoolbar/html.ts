// Building the toolbar's HTML safely: every interpolated value is escaped unless it is already markup.
import { inspect } from 'node:util';

const MARKUP = Symbol('ziggurat.debugtoolbar.markup');

/** HTML that is already safe (made by `html`), so `html` does not escape it again. */
export interface Markup {
  readonly [MARKUP]: true;
  toString(): string;
}

/** Mark `text` as HTML to insert as it is (it must already be safe). */
export function raw(text: string): Markup {
  return { [MARKUP]: true, toString: () => text };
}

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function piece(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(piece).join('');
  if (typeof value === 'object' && MARKUP in value) return String(value);
  return escapeHtml(String(value));
}

/**
 * A tagged template for panel HTML: values are escaped, arrays joined, `html` results kept as they are.
 * @example html`<td>${request.path}</td>${rows.map((row) => html`<tr><td>${row}</td></tr>`)}`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += piece(value) + (strings[index + 1] ?? '');
  });
  return raw(text);
}

/** A value as a debugger shows it (util.inspect, bounded), for panels that display arbitrary data. */
export function show(value: unknown): string {
  return inspect(value, { depth: 3, breakLength: 100, maxArrayLength: 30, maxStringLength: 2000 });
}

/** A two-column table of name/value pairs; an empty list shows `empty`. */
export function table(rows: Iterable<readonly [string, unknown]>, empty = 'none'): Markup {
  const list = [...rows];
  if (list.length === 0) return html`<p class="zdt-empty">${empty}</p>`;
  return html`<table class="zdt-table"><tbody>${list.map(
    ([name, value]) =>
      html`<tr><th>${name}</th><td><pre>${typeof value === 'string' ? value : show(value)}</pre></td></tr>`,
  )}</tbody></table>`;
}

/** Milliseconds, as the panels show them. */
export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}
