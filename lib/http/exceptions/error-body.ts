// The bodies an HTTP exception answers with, chosen from Accept as Pyramid's HTTPException.prepare
// chooses: an HTML page, a JSON problem document (RFC 9457, with Pyramid's members), or plain text.
import { acceptQuality } from '../accept-header.js';

/** What an exception's body says. */
export interface ErrorBodyFields {
  readonly status: number;
  readonly title: string;
  readonly explanation: string;
  readonly detail: string | undefined;
  /** A redirect's target, shown as a link. */
  readonly location: string | undefined;
  /** Members the problem document adds to (or replaces of) the generated ones; `status` stays. */
  readonly problem?: Readonly<Record<string, unknown>> | undefined;
}

/** A generated body and its media type. */
export interface ErrorBody {
  readonly contentType: string;
  readonly body: string;
}

type Format = 'plain' | 'html' | 'json';

/**
 * Pyramid offers text/html, then application/json, and falls back to text/plain when the client
 * accepts neither; so `*\/*` gets HTML (the first offer wins a tie) and no Accept header gets plain
 * text (Pyramid reads a missing header as an empty one, which accepts nothing). A client asking for
 * `application/problem+json` gets the JSON body too. With `jsonFirst` (a JSON API's request), JSON
 * is offered first, so it wins ties (`*\/*`): HTML answers only a client preferring it.
 */
function negotiate(accept: string | undefined, jsonFirst: boolean): Format {
  if (accept === undefined || accept.trim() === '') return 'plain';
  const html = acceptQuality(accept, 'text/html');
  const json = Math.max(
    acceptQuality(accept, 'application/json'),
    acceptQuality(accept, 'application/problem+json'),
  );
  if (html <= 0 && json <= 0) return 'plain';
  if (jsonFirst) return json >= html ? 'json' : 'html';
  return json > html ? 'json' : 'html';
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Pyramid's `message`: the explanation, then the detail when there is one. */
function combinedMessage(fields: ErrorBodyFields): string {
  const parts = [fields.explanation, fields.detail ?? ''].filter((part) => part !== '');
  return parts.join('\n\n');
}

function statusLine(fields: ErrorBodyFields): string {
  return `${fields.status} ${fields.title}`;
}

function plainBody(fields: ErrorBodyFields): string {
  const lines = [statusLine(fields), '', combinedMessage(fields)];
  if (fields.location !== undefined) lines.push(fields.location);
  return `${lines.join('\n')}\n`;
}

// Inline, so the page needs nothing else from the server (the error may be that nothing else works).
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}' +
  'h1{font-size:1.6rem}.detail{white-space:pre-wrap}';

function htmlBody(fields: ErrorBodyFields): string {
  const heading = escapeHtml(statusLine(fields));
  const paragraphs = [`<p class="explanation">${escapeHtml(fields.explanation)}</p>`];
  if (fields.detail !== undefined && fields.detail !== '')
    paragraphs.push(`<p class="detail">${escapeHtml(fields.detail)}</p>`);
  if (fields.location !== undefined) {
    const href = escapeHtml(fields.location);
    paragraphs.push(`<p><a href="${href}">${href}</a></p>`);
  }
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${heading}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n<h1>${heading}</h1>\n` +
    `${paragraphs.join('\n')}\n</main>\n</body>\n</html>\n`
  );
}

/** RFC 9457's members, then Pyramid's (`code`, `message`; `title` is in both). */
function jsonBody(fields: ErrorBodyFields): string {
  const document: Record<string, unknown> = {
    type: 'about:blank',
    title: fields.title,
    status: fields.status,
    detail: fields.detail || fields.explanation,
    code: statusLine(fields),
    message: combinedMessage(fields),
  };
  if (fields.location !== undefined) document.location = fields.location;
  if (fields.problem !== undefined) Object.assign(document, fields.problem, { status: fields.status });
  return JSON.stringify(document);
}

/**
 * The body an exception answers a client accepting `accept` with.
 * @example errorBody(fields, 'application/json').contentType // 'application/problem+json; charset=utf-8'
 */
export function errorBody(fields: ErrorBodyFields, accept: string | undefined, jsonFirst = false): ErrorBody {
  const format = negotiate(accept, jsonFirst);
  if (format === 'html') return { contentType: 'text/html; charset=utf-8', body: htmlBody(fields) };
  if (format === 'plain') return { contentType: 'text/plain; charset=utf-8', body: plainBody(fields) };
  // A problem document describes an error; a redirect's JSON body is plain JSON.
  const json = fields.status >= 400 ? 'application/problem+json' : 'application/json';
  // Fastify would add the charset to a string body anyway: say it here, so the exception shows what is sent.
  const contentType = `${json}; charset=utf-8`;
  return { contentType, body: jsonBody(fields) };
}
