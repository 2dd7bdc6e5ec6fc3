// Escaping text for the browsable page's HTML, and its JSON with the URLs in it as links.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const STRING_TOKEN = /"(?:[^"\\]|\\.)*"/g;
const LINKABLE = /^(?:https?:\/\/[^\s"<>]+|\/[^\s"<>]*)$/;

function linked(token: string): string {
  const value = JSON.parse(token) as string;
  if (!LINKABLE.test(value)) return escapeHtml(token);
  return `"<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>"`;
}

/**
 * Pretty-printed JSON as HTML: escaped, with every string that is an http(s) URL or an absolute
 * path made a link.
 * @example jsonHtml('{"self":"/items/1"}') // '{\n  &quot;self&quot;: "<a href="/items/1">/items/1</a>"\n}'
 */
export function jsonHtml(json: string): string {
  let pretty: string;
  try {
    pretty = JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return escapeHtml(json);
  }
  let html = '';
  let last = 0;
  for (const match of pretty.matchAll(STRING_TOKEN)) {
    html += escapeHtml(pretty.slice(last, match.index)) + linked(match[0]);
    last = match.index + match[0].length;
  }
  return html + escapeHtml(pretty.slice(last));
}
