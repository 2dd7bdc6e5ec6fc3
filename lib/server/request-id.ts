// Request ids: the client's (or its proxy's) X-Request-Id when it is safe to log, else a new one; sent
// back in the response's X-Request-Id, so a user's report and the log lines can be matched.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a request id comes in and goes back in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A bounded id of letters, digits and `-_.:+=/@` (UUIDs, trace ids, base64): nothing that could break a
 * log line or a header, nor fill the log.
 */
const SAFE_ID = /^[A-Za-z0-9\-_.:+=/@]{1,128}$/;

/**
 * Made ids are this process's random prefix and a counter, as Fastify's own are a counter: unique
 * (the prefix tells processes and restarts apart) at the cost of a string concatenation. A request id
 * names a request in the logs, it is no secret, so it need not be unguessable.
 */
const PREFIX = randomBytes(6).toString('base64url');
let counter = 0;

/** A new request id: `<process prefix>-<count in base 36>`. */
export function newRequestId(): string {
  counter += 1;
  return `${PREFIX}-${counter.toString(36)}`;
}

/**
 * The id of a request: its X-Request-Id when safe, else a new one (Fastify's `genReqId`).
 * @example requestIdFor(rawRequest) // 'k3Jx9aQe-1c' or the client's 'abc-123'
 */
export function requestIdFor(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : newRequestId();
}
