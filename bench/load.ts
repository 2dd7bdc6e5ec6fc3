// A benchmark client child process: runs autocannon against one server whenever the parent says go.
// Each side has its own client process, so the two loads run at once without sharing an event loop.
import autocannon from 'autocannon';

/** What the parent sends: load this URL for this long. */
export interface LoadOrder {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  readonly headers?: Record<string, string>;
}

/** What the child answers: requests completed, and any that failed. */
export interface LoadResult {
  readonly total: number;
  readonly perSecond: number;
  readonly non2xx: number;
  readonly errors: number;
}

process.on('message', async (order: LoadOrder) => {
  const result = await autocannon({
    url: order.url,
    connections: order.connections,
    duration: order.seconds,
    headers: order.headers,
  });
  const answer: LoadResult = {
    total: result.requests.total,
    perSecond: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  process.send?.(answer);
});
process.send?.({ ready: true });
