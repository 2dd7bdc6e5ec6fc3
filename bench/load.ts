// A benchmark client child process: loads one server whenever the parent says go, with autocannon
// (in this process) or wrk (a C program it starts, which inherits this process's CPU binding).
// Each side has its own client process, so the two loads run at once without sharing an event loop.
import autocannon from 'autocannon';
import { runWrk } from './wrk.js';

/** The load clients the bench knows. */
export type ClientName = 'wrk' | 'autocannon';

/** What the parent sends: load this URL for this long, with this client. */
export interface LoadOrder {
  readonly client: ClientName;
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  /** The method when it is not GET. */
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** The body of every request, sent as it is. */
  readonly body?: string;
}

/** What the child answers: requests completed, and any that failed. */
export interface LoadResult {
  readonly total: number;
  readonly perSecond: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Why the client could not run (wrk missing or failing), when it could not. */
  readonly failure?: string;
}

async function runAutocannon(order: LoadOrder): Promise<LoadResult> {
  const result = await autocannon({
    url: order.url,
    connections: order.connections,
    duration: order.seconds,
    headers: order.headers,
    ...(order.method ? { method: order.method as autocannon.Request['method'] } : {}),
    ...(order.body === undefined ? {} : { body: order.body }),
  });
  return {
    total: result.requests.total,
    perSecond: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function run(order: LoadOrder): Promise<LoadResult> {
  try {
    return order.client === 'wrk' ? await runWrk(order) : await runAutocannon(order);
  } catch (error) {
    return { total: 0, perSecond: 0, non2xx: 0, errors: 0, failure: String(error) };
  }
}

process.on('message', async (order: LoadOrder) => {
  process.send?.(await run(order));
});
process.send?.({ ready: true });
