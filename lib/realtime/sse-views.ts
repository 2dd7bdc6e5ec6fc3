// `renderer: 'sse'`: a view returns an async iterable and gets an EventStream response. The renderer
// itself only frames a finished list of events (for render('sse', events)); views are wrapped at
// commit instead, since a stream cannot be rendered to a string.
import type { ConfigState, MappedView, ViewEntry } from '../config/state.js';
import { ZigguratError } from '../errors.js';
import { Response } from '../http/response.js';
import type { RendererFactory, RenderFunction } from '../types.js';
import { EventStream, isEventSource } from './event-stream.js';
import { formatEvent } from './sse-format.js';

/** The renderer name that makes a view's async iterable an event stream. */
export const SSE_RENDERER = 'sse';

/**
 * `sse`: the text/event-stream framing of a finished (synchronous) iterable of events; a view with
 * this renderer streams its async iterable instead (see EventStream).
 */
export const sseRenderer: RendererFactory = () => {
  const render: RenderFunction = (value) => {
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function'
    ) {
      throw new ZigguratError(
        'ZIG_ERR_SSE_EVENT',
        `The sse renderer renders an iterable of events, got ${typeof value}`,
      );
    }
    return [...(value as Iterable<unknown>)].map(formatEvent).join('');
  };
  render.contentType = 'text/event-stream';
  return render;
};

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

function streamed(entry: ViewEntry, view: MappedView): MappedView {
  const toResponse = (result: unknown): Response => {
    if (result instanceof Response) return result;
    if (isEventSource(result)) return new EventStream(result);
    throw new ZigguratError(
      'ZIG_ERR_VIEW_RESULT',
      `View at ${entry.site.location} has renderer 'sse' and returned ${result === null ? 'null' : typeof result}, not an async iterable or a Response`,
    );
  };
  return (request) => {
    const result = view(request);
    return isThenable(result) ? Promise.resolve(result).then(toResponse) : toResponse(result);
  };
}

/** At commit, after the other wrappers: each `renderer: 'sse'` view answers an EventStream. */
export function applyEventStreams(state: ConfigState): void {
  for (const entry of state.views) {
    if (entry.rendererName === SSE_RENDERER) entry.view = streamed(entry, entry.view);
  }
}
