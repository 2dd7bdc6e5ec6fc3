// The development error page (ziggurat.debug = true): an uncaught error answered with what it was and
// where, the TypeScript file and line of each frame and the source around the app's own, the
// framework's frames folded. A 500 like the bare one otherwise: negotiated from Accept, so a JSON
// client gets a problem document with the same facts. Never made when ziggurat.debug is off.
import { HTTPInternalServerError } from '../http/exceptions/index.js';
import { escapeHtml } from '../views/browsable/escape.js';
import {
  type ErrorReport,
  errorReport,
  type ReportFrame,
  reportJson,
  reportText,
} from './debug-error-report.js';
import type { SourceExcerpt } from './stack-source.js';

/** The request the error happened in, as the page shows it. */
export interface FailedRequest {
  readonly method: string;
  readonly path: string;
  readonly requestId: string;
  readonly route: string | null;
  readonly view: string | null;
}

const STYLE = [
  'body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}',
  'main{max-width:70rem;margin:0 auto;padding:1.5rem}',
  '.status{color:#b00020;font-weight:600;margin:0}',
  'h1{font-size:1.5rem;margin:.4rem 0;word-break:break-word}',
  '.code{font-family:ui-monospace,monospace;background:#fde7ea;padding:.1rem .4rem;border-radius:3px}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#666}dd{margin:0}',
  'ol.frames{list-style:none;padding:0}li.frame{margin:.5rem 0}',
  '.location{font-family:ui-monospace,monospace}.fn{font-weight:600}',
  'pre.source{background:#fff;border:1px solid #ddd;padding:.4rem 0;overflow:auto;margin:.3rem 0}',
  'pre.source span{display:block;padding:0 .6rem}pre.source .focus{background:#fff3b0}',
  '.framework{color:#666}summary{cursor:pointer;color:#555}',
].join('');

function sourceHtml(source: SourceExcerpt): string {
  const width = String(source.first + source.lines.length - 1).length;
  const lines = source.lines.map((text, index) => {
    const number = source.first + index;
    const focus = number === source.focus ? ' class="focus"' : '';
    return `<span${focus}>${String(number).padStart(width)} | ${escapeHtml(text)}</span>`;
  });
  return `<pre class="source"><code>${lines.join('')}</code></pre>`;
}

function frameHtml(frame: ReportFrame): string {
  const fn = frame.fn === null ? '' : `<span class="fn">${escapeHtml(frame.fn)}</span> `;
  const where = `<span class="location">${escapeHtml(frame.location)}</span>`;
  const source = frame.source === null ? '' : sourceHtml(frame.source);
  return `<li class="frame ${frame.kind}">${fn}${where}${source}</li>`;
}

/** The frames, each run of framework frames folded under one toggle. */
function framesHtml(frames: readonly ReportFrame[]): string {
  const items: string[] = [];
  for (let i = 0; i < frames.length; ) {
    const frame = frames[i] as ReportFrame;
    if (frame.kind === 'app') {
      items.push(frameHtml(frame));
      i++;
      continue;
    }
    let end = i;
    while (end < frames.length && frames[end]?.kind === 'framework') end++;
    const folded = frames.slice(i, end).map(frameHtml).join('');
    const count = end - i;
    items.push(
      `<li class="framework-frames"><details><summary>${count} framework frame${count === 1 ? '' : 's'}</summary><ol class="frames">${folded}</ol></details></li>`,
    );
    i = end;
  }
  return `<ol class="frames">${items.join('')}</ol>`;
}

function errorHtml(report: ErrorReport, heading: 'h1' | 'h2'): string {
  const code = report.code === null ? '' : ` <span class="code">${escapeHtml(report.code)}</span>`;
  const title = `<${heading} class="error"><span class="name">${escapeHtml(report.name)}</span>: <span class="message">${escapeHtml(report.message)}</span>${code}</${heading}>`;
  const cause =
    report.cause === null
      ? ''
      : `<section class="cause"><p>Caused by</p>${errorHtml(report.cause, 'h2')}</section>`;
  return `${title}${framesHtml(report.frames)}${cause}`;
}

function requestHtml(request: FailedRequest): string {
  const rows: Array<[string, string | null]> = [
    ['Request', `${request.method} ${request.path}`],
    ['Request id', request.requestId],
    ['Route', request.route],
    ['View', request.view],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== null);
  return `<dl class="request">${shown.map(([name, value]) => `<dt>${name}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

function pageHtml(report: ErrorReport, request: FailedRequest): string {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>500 ${escapeHtml(report.name)}: ${escapeHtml(report.message.slice(0, 200))}</title>\n` +
    `<style>${STYLE}</style>\n</head>\n<body>\n<main>\n` +
    '<p class="status">500 Internal Server Error, shown because ziggurat.debug is on</p>\n' +
    `${errorHtml(report, 'h1')}\n${requestHtml(request)}\n</main>\n</body>\n</html>\n`
  );
}

/**
 * The 500 of the development error page: a problem document (with an `exception` member: name,
 * message, code, frames, cause) for JSON clients, the stack as text without an Accept header, and the
 * HTML page for browsers.
 */
export class DevelopmentErrorPage extends HTTPInternalServerError {
  readonly #report: ErrorReport;
  readonly #request: FailedRequest;

  constructor(report: ErrorReport, request: FailedRequest) {
    const detail = `${report.name}: ${report.message}`;
    super({ detail, problem: { exception: reportJson(report), requestId: request.requestId } });
    this.#report = report;
    this.#request = request;
  }

  override prepareBody(accept: string | undefined, jsonFirst = false): void {
    if (this.body !== null) return;
    super.prepareBody(accept, jsonFirst);
    const type = this.contentType ?? '';
    if (type.startsWith('text/html')) this.body = pageHtml(this.#report, this.#request);
    else if (type.startsWith('text/plain'))
      this.body = `${String(this.body as unknown)}\n${reportText(this.#report)}\n`;
  }
}

/**
 * The development error page for `error`, which failed `request`; `appRoot` is the app's folder (its
 * files' frames show their source).
 * @example return developmentErrorPage(error, { method: 'GET', path: '/boom', requestId, route: null, view: null }, process.cwd());
 */
export function developmentErrorPage(
  error: unknown,
  request: FailedRequest,
  appRoot: string,
): DevelopmentErrorPage {
  return new DevelopmentErrorPage(errorReport(error, appRoot), request);
}
