// The browsable API's HTML page (Django REST framework's signature): what a JSON view answered,
// pretty-printed with its links, the status and headers, and forms for the route's other methods.
import { STATUS_CODES } from 'node:http';
import { escapeHtml, jsonHtml } from './escape.js';
import type { BrowsableForm } from './form.js';

/** What the page of one view knows from commit: its route's methods, forms, log-in and CSRF. */
export interface BrowsablePage {
  readonly title: string;
  /** The methods the route's views answer, or null when one answers any method. */
  readonly allow: readonly string[] | null;
  readonly forms: readonly BrowsableForm[];
}

/** What one request adds: where it went, what it got, and who asks. */
export interface PageRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly json: string;
  /** Where to log in (with came_from), or null when the app has no security policy or no log-in URL. */
  readonly loginUrl: string | null;
  /** The CSRF add-on's header and this session's token, or null without the add-on. */
  readonly csrf: { readonly header: string; readonly token: string } | null;
}

// Inline, so the page needs nothing but itself: no CDN, no static files.
const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}' +
  'header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:1px solid #ddd}' +
  'h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}' +
  'pre{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:.75rem;overflow:auto}' +
  '.request{font-family:monospace;font-size:1rem}.allow{color:#555}' +
  'form{border:1px solid #ddd;border-radius:4px;padding:1rem;margin:1rem 0}' +
  'label{display:block;margin:.4rem 0;font-weight:600}' +
  'input,select,textarea{display:block;width:100%;max-width:30rem;font:inherit;margin-top:.2rem}' +
  'input[type=checkbox]{width:auto}button{margin-top:.6rem;font:inherit;padding:.3rem 1rem}';

// Sends the form as JSON with fetch (the view receives the JSON its schema describes), then shows
// the answer: the browsable page of the result, or the error as text.
const SCRIPT = `
for (const form of document.querySelectorAll('form[data-method]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const out = form.querySelector('output');
    let body;
    try {
      const raw = form.querySelector('[data-type=raw]');
      if (raw) body = raw.value === '' ? undefined : JSON.stringify(JSON.parse(raw.value));
      else {
        const data = {};
        for (const field of form.querySelectorAll('[data-field]')) {
          const type = field.dataset.type;
          if (type === 'boolean') data[field.name] = field.checked;
          else if (field.value === '') continue;
          else if (type === 'integer' || type === 'number') data[field.name] = Number(field.value);
          else if (type === 'json') data[field.name] = JSON.parse(field.value);
          else data[field.name] = field.value;
        }
        body = JSON.stringify(data);
      }
    } catch (error) {
      out.textContent = 'Not JSON: ' + error.message;
      return;
    }
    const headers = { accept: 'text/html;q=1, application/json;q=0.9' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (form.dataset.csrfHeader) headers[form.dataset.csrfHeader] = form.dataset.csrfToken;
    const response = await fetch(form.getAttribute('action'), { method: form.dataset.method, headers, body, credentials: 'same-origin' });
    const text = await response.text();
    if ((response.headers.get('content-type') || '').startsWith('text/html')) {
      history.replaceState(null, '', response.url);
      document.open();
      document.write(text);
      document.close();
    } else out.textContent = response.status + ' ' + text;
  });
}`;

function statusLine(status: number): string {
  return `HTTP ${status} ${STATUS_CODES[status] ?? ''}`;
}

function formHtml(form: BrowsableForm, request: PageRequest): string {
  const csrf =
    request.csrf === null
      ? ''
      : ` data-csrf-header="${escapeHtml(request.csrf.header)}" data-csrf-token="${escapeHtml(request.csrf.token)}"`;
  const method = escapeHtml(form.method);
  return (
    `<form data-method="${method}" action="${escapeHtml(request.path)}"${csrf}>\n<h2>${method}</h2>\n` +
    `${form.fields}\n<button type="submit">${method}</button>\n<output></output>\n</form>`
  );
}

function loginLink(request: PageRequest): string {
  if (request.loginUrl === null) return '';
  return `<nav><a class="login" href="${escapeHtml(request.loginUrl)}">Log in</a></nav>`;
}

/** The whole page for one answer of a JSON view. */
export function browsablePage(page: BrowsablePage, request: PageRequest): string {
  const title = escapeHtml(page.title);
  const headers = request.headers.map(([name, value]) => `${escapeHtml(name)}: ${escapeHtml(value)}`);
  const allow = page.allow === null ? 'any method' : page.allow.join(', ');
  const forms = page.forms.map((form) => formHtml(form, request)).join('\n');
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${title}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<header><h1>${title}</h1>${loginLink(request)}</header>\n<main>\n` +
    `<p class="request"><b>${escapeHtml(request.method)}</b> ${escapeHtml(request.url)}</p>\n` +
    `<p class="allow">Allow: ${escapeHtml(allow)}</p>\n` +
    `<pre class="headers">${escapeHtml(statusLine(request.status))}\n${headers.join('\n')}</pre>\n` +
    `<pre class="json">${jsonHtml(request.json)}</pre>\n${forms}\n</main>\n` +
    `${page.forms.length > 0 ? `<script>${SCRIPT}</script>\n` : ''}</body>\n</html>\n`
  );
}
