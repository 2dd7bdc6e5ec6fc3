// The text/event-stream framing of one event: checks what a field may hold (a newline in `id` or
// `event` would end the field early and let the rest forge fields of its own), then encodes it with
// eventsource-encoder, which splits multi-line data into `data:` lines.
import { encode, encodeComment } from 'eventsource-encoder';
import { ZigguratError } from '../errors.js';

/**
 * One server-sent event. `data` that is not a string is sent as JSON; a string is sent as it is,
 * each of its lines as a `data:` line. `id` sets the client's last event id (sent back as
 * `Last-Event-ID` when it reconnects), `event` the event's type (`message` when absent), `retry` the
 * milliseconds a client waits before reconnecting, `comment` a line clients ignore.
 * @example yield { id: '42', event: 'price', data: { symbol: 'ZIG', price: 12.5 } };
 */
export interface ServerSentEvent {
  readonly data?: unknown;
  readonly id?: string | number;
  readonly event?: string;
  readonly retry?: number;
  readonly comment?: string;
}

const FIELDS = new Set(['data', 'id', 'event', 'retry', 'comment']);
const LINE_BREAK = /[\r\n]/;

function eventError(message: string): ZigguratError {
  return new ZigguratError('ZIG_ERR_SSE_EVENT', message, { statusCode: 500 });
}

function checkId(id: unknown): string | undefined {
  if (id === undefined) return undefined;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  // A NUL makes browsers ignore the id; a line break would end the field early.
  if (typeof id !== 'string' || LINE_BREAK.test(id) || id.includes('\0')) {
    throw eventError(`An event's id must be a string without line breaks or NUL, got ${JSON.stringify(id)}`);
  }
  return id;
}

function checkEventName(event: unknown): string | undefined {
  if (event === undefined) return undefined;
  if (typeof event !== 'string' || event === '' || LINE_BREAK.test(event)) {
    throw eventError(
      `An event's type must be a non-empty string without line breaks, got ${JSON.stringify(event)}`,
    );
  }
  return event;
}

function checkRetry(retry: unknown): number | undefined {
  if (retry === undefined) return undefined;
  if (typeof retry !== 'number' || !Number.isSafeInteger(retry) || retry < 0) {
    throw eventError(`An event's retry must be a whole number of milliseconds, got ${String(retry)}`);
  }
  return retry;
}

function dataText(data: unknown): string | undefined {
  if (data === undefined || typeof data === 'string') return data;
  const text = JSON.stringify(data);
  if (text === undefined) throw eventError(`An event's data cannot be sent as JSON (${typeof data})`);
  return text;
}

function checkFields(item: object): void {
  const unknown = Object.keys(item).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) {
    throw eventError(
      `An event has unknown field(s) ${unknown.join(', ')} (an event has data, id, event, retry, comment; ` +
        'yield a string, or put a message in data)',
    );
  }
}

/**
 * The text of one item of an event stream: a string is the data of a `message` event; an object is
 * a ServerSentEvent. A field that would break the framing throws ZIG_ERR_SSE_EVENT.
 * @example formatEvent({ id: 7, data: 'a\nb' }) // 'id: 7\ndata: a\ndata: b\n\n'
 */
export function formatEvent(item: unknown): string {
  if (typeof item === 'string') return encode({ data: item });
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw eventError(
      `An event stream yields strings or events ({ data, id, event, retry }), got ${JSON.stringify(item) ?? typeof item}`,
    );
  }
  checkFields(item);
  const event = item as ServerSentEvent;
  const comment = event.comment === undefined ? '' : encodeComment(String(event.comment));
  const id = checkId(event.id);
  const name = checkEventName(event.event);
  const retry = checkRetry(event.retry);
  const data = dataText(event.data);
  if (id === undefined && name === undefined && retry === undefined && data === undefined) {
    if (comment === '') throw eventError('An event needs data, id, retry or a comment');
    return comment;
  }
  if (name !== undefined && data === undefined) {
    throw eventError(`Event '${name}' has no data: clients dispatch no event without data`);
  }
  const fields = {
    ...(id === undefined ? {} : { id }),
    ...(name === undefined ? {} : { event: name }),
    ...(retry === undefined ? {} : { retry }),
    ...(data === undefined ? {} : { data }),
  };
  return comment + encode(fields as Parameters<typeof encode>[0]);
}

/** A comment line clients ignore: keeps proxies and load balancers from closing an idle stream. */
export const KEEP_ALIVE_COMMENT = ': keep-alive\n\n';
