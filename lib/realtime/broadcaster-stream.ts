// broadcaster.stream(channel): a channel's messages as an async iterator. Hand-written rather than an
// async generator because a generator answers return() only after its pending next() settles: a
// client leaving a quiet channel would keep its subscription until the next message. Here return()
// and an aborted signal end a pending next() at once and unsubscribe.
import type { BroadcastHandler, Subscription } from './broadcaster.js';
import type { ServerSentEvent } from './sse-format.js';

/** Options of broadcaster.stream. */
export interface ChannelStreamOptions {
  /** Ends the iteration (and the subscription) when aborted, e.g. `request.signal`. */
  signal?: AbortSignal;
  /** Messages kept while the reader is behind; beyond it the oldest are dropped (default 1000). */
  maxQueued?: number;
}

const DEFAULT_MAX_QUEUED = 1000;
const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** The messages of one channel, from the first next() (or `ready`) until the end. */
export class ChannelStream implements AsyncIterableIterator<unknown> {
  readonly #subscribe: (handler: BroadcastHandler) => Subscription;
  readonly #maxQueued: number;
  readonly #queue: unknown[] = [];
  #waiting: ((result: IteratorResult<unknown>) => void) | null = null;
  #subscription: Subscription | null = null;
  #finished = false;
  #unlisten: (() => void) | null = null;

  constructor(subscribe: (handler: BroadcastHandler) => Subscription, options: ChannelStreamOptions) {
    this.#subscribe = subscribe;
    this.#maxQueued = Math.max(1, options.maxQueued ?? DEFAULT_MAX_QUEUED);
    const signal = options.signal;
    if (signal === undefined) return;
    if (signal.aborted) this.#finish();
    else {
      const end = () => this.#finish();
      signal.addEventListener('abort', end, { once: true });
      this.#unlisten = () => signal.removeEventListener('abort', end);
    }
  }

  /** Subscribes (if not yet) and resolves once messages published from now on will be received. */
  get ready(): Promise<void> {
    return this.#subscribed()?.ready ?? Promise.resolve();
  }

  #subscribed(): Subscription | null {
    if (this.#finished) return null;
    this.#subscription ??= this.#subscribe((message) => this.#receive(message));
    return this.#subscription;
  }

  #receive(message: unknown): void {
    if (this.#finished) return;
    const waiting = this.#waiting;
    if (waiting !== null) {
      this.#waiting = null;
      waiting({ done: false, value: message });
      return;
    }
    this.#queue.push(message);
    if (this.#queue.length > this.#maxQueued) this.#queue.shift();
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.#queue.length > 0) return Promise.resolve({ done: false, value: this.#queue.shift() });
    if (this.#finished || this.#subscribed() === null) return Promise.resolve(DONE);
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<unknown>> {
    this.#finish();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * The same messages as server-sent events (`{ event, data: message }`), for an event stream; ending
   * either ends both.
   * @example return request.registry.broadcaster.stream('news').asEvents('news'); // renderer: 'sse'
   */
  asEvents(event?: string): AsyncIterableIterator<ServerSentEvent> & { readonly ready: Promise<void> } {
    const wrap = (value: unknown): ServerSentEvent =>
      event === undefined ? { data: value } : { event, data: value };
    const events = {
      get ready() {
        return source.ready;
      },
      next: async (): Promise<IteratorResult<ServerSentEvent>> => {
        const result = await source.next();
        return result.done ? DONE : { done: false, value: wrap(result.value) };
      },
      return: async (): Promise<IteratorResult<ServerSentEvent>> => {
        await source.return();
        return DONE;
      },
      [Symbol.asyncIterator]: () => events,
    };
    const source = this;
    return events;
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#queue.length = 0;
    this.#subscription?.unsubscribe();
    this.#unlisten?.();
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.(DONE);
  }
}
