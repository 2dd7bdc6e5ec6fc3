// What the broadcaster needs from where messages travel: this process (memory) or Redis pub/sub.
import type { FastifyBaseLogger } from 'fastify';

/** Hands a message (its JSON text) to the subscribers of a channel in this process. */
export type Deliver = (channel: string, text: string) => void;

/** Where messages travel between publishers and subscribers. */
export interface BroadcastTransport {
  /** Send `text` (JSON) to every subscriber of `channel`, in every process the transport reaches. */
  publish(channel: string, text: string): Promise<void>;
  /** Start receiving `channel` in this process; resolves once messages published from now on arrive. */
  listen(channel: string): Promise<void>;
  /** Stop receiving `channel` in this process. */
  unlisten(channel: string): void;
  /** Let go of connections. */
  close(): Promise<void>;
  setLogger(logger: FastifyBaseLogger): void;
}

/** In this process only: publishing delivers at once (the default, and for a single process). */
export class MemoryTransport implements BroadcastTransport {
  readonly #deliver: Deliver;

  constructor(deliver: Deliver) {
    this.#deliver = deliver;
  }

  async publish(channel: string, text: string): Promise<void> {
    this.#deliver(channel, text);
  }

  async listen(): Promise<void> {}

  unlisten(): void {}

  async close(): Promise<void> {}

  setLogger(): void {}
}
