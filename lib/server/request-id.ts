// Request ids: the client's (or its proxy's) X-Request-Id when it is safe to log, else a new UUID; sent
// back in the response's X-Request-Id, so a user's report and the log lines can be matched.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a request id comes in and goes back in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A bounded id of letters, digits and `-_.:+=/@` (UUIDs, trace ids, base64): nothing that could break a
 * log line or a header, nor fill the log.
 */
const SAFE_ID = /^[A-Za-z0-9\-_.:+=/@]{1,128}$/;

/**
 * The id of a request: its X-Request-Id when safe, else a random UUID (Fastify's `genReqId`).
 * @example requestIdFor(rawRequest) // 'b7c1…' or the client's 'abc-123'
 */
export function requestIdFor(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}
