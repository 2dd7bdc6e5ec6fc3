// WikiWords and page bodies: find CamelCase page names and render a body as escaped HTML with links.

/** A WikiWord: two or more capitalised parts, such as `FrontPage` or `HowTo2Cook`. */
const WIKIWORD = /\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\b/g;
const WHOLE_WIKIWORD = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+$/;

/** A whole WikiWord as a JSON Schema `pattern`, for the API's page names. */
export const WIKIWORD_PATTERN = WHOLE_WIKIWORD.source;

/**
 * Whether `name` is a WikiWord, the only names pages may have.
 * @example isWikiWord('FrontPage') // true; isWikiWord('frontpage') // false
 */
export function isWikiWord(name: string): boolean {
  return WHOLE_WIKIWORD.test(name);
}

/**
 * The distinct WikiWords in a text, in order of first appearance.
 * @example wikiWordsIn('See FrontPage and FrontPage') // ['FrontPage']
 */
export function wikiWordsIn(text: string): string[] {
  return [...new Set(text.match(WIKIWORD) ?? [])];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escape text for HTML content and attribute values.
 * @example escapeHtml('<b>') // '&lt;b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** How a WikiWord becomes a link: the URL of a page that exists, or of the form that adds it. */
export interface WikiLinks {
  exists(name: string): boolean;
  viewUrl(name: string): string;
  addUrl(name: string): string;
}

function link(name: string, links: WikiLinks): string {
  if (links.exists(name)) return `<a href="${escapeHtml(links.viewUrl(name))}">${name}</a>`;
  return `<a class="missing" href="${escapeHtml(links.addUrl(name))}" title="Add ${name}">${name}</a>`;
}

function paragraph(text: string, links: WikiLinks): string {
  // WikiWords are letters and digits only, so escaping first leaves every one of them intact.
  const html = escapeHtml(text)
    .replace(WIKIWORD, (name) => link(name, links))
    .replace(/\n/g, '<br>\n');
  return `<p>${html}</p>`;
}

/**
 * Render a page body as HTML: the text escaped (never raw HTML), paragraphs split at blank lines,
 * line breaks kept, WikiWords linked to their page or, for pages that do not exist yet, its add form.
 * @example
 * renderBody('Hello <b>WikiWord</b>', links)
 * // '<p>Hello &lt;b&gt;<a class="missing" href="/add_page/WikiWord" ...>WikiWord</a>&lt;/b&gt;</p>'
 */
export function renderBody(body: string, links: WikiLinks): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text) => paragraph(text, links))
    .join('\n');
}
