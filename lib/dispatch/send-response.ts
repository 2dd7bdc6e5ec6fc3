// Sending a Response through Fastify's reply: status, headers, the body (none for HEAD); and
// starting over cleanly when Node or Fastify refuses what a reply was given.
import type { FastifyReply } from 'fastify';
import { ZigguratError } from '../errors.js';
import { HTTPException, prepareBodyFor } from '../http/exceptions/index.js';
import type { Request } from '../http/request.js';
import { DEFAULT_CONTENT_TYPE, type Response, responseInternals } from '../http/response.js';
import { WebSocketUpgrade } from '../realtime/websocket-view.js';
import { BEFORE_SEND } from '../symbols.js';

function setReplyHeader(this: FastifyReply, key: string, value: string | string[]): void {
  // Keys come lower-cased: a Content-Type goes straight where Fastify keeps it (header() would
  // lower-case the key again, for the one header every response has).
  if (key === 'content-type') this.type(value as string);
  else this.header(key, value);
}

/**
 * Content types Fastify's send() leaves as they are for a string body (it adds a charset only to
 * JSON types without one). With one of these, an identity serializer tells Fastify the body is
 * ready as it is, which spares it parsing the content type again for every response.
 */
const SETTLED_TYPES = new Set([
  'application/json; charset=utf-8',
  'text/html; charset=utf-8',
  'text/plain; charset=utf-8',
]);
const asIs = (body: string) => body;

/** Write a Response to Fastify's reply. */
export function sendResponse(request: Request, reply: FastifyReply, response: Response): void {
  // A WebSocket view's answer: the socket is upgraded instead of answered.
  if (response instanceof WebSocketUpgrade) {
    response.accept(reply);
    return;
  }
  // Only an HTTP exception's body depends on Accept: most responses need not read the header.
  const accept = response instanceof HTTPException ? request.headerValue('accept') : undefined;
  // A response that needs the request before it goes out (an EventStream); none for HEAD: no body.
  const beforeSend = (response as { [BEFORE_SEND]?: (request: Request) => void })[BEFORE_SEND];
  if (beforeSend !== undefined && request.method !== 'HEAD') beforeSend.call(response, request);
  writeResponse(reply, response, request.method, accept, request);
}

/**
 * Write a Response to a reply, for a request of `method` that accepts `accept`; an HTTP exception
 * answering a JSON API's `request` prefers a problem document (see prepareBodyFor).
 */
export function writeResponse(
  reply: FastifyReply,
  response: Response,
  method: string,
  accept: string | undefined,
  request: Request | null = null,
): void {
  if (response instanceof HTTPException) {
    if (request === null) response.prepareBody(accept);
    else prepareBodyFor(response, accept, request);
  }
  if (reply.statusCode !== response.status) reply.code(response.status);
  const type = responseInternals.writeHeaders(response, setReplyHeader, reply);
  const body = response.body;
  if (typeof body === 'string') {
    if (type === null) reply.type(DEFAULT_CONTENT_TYPE);
    if (SETTLED_TYPES.has(type ?? DEFAULT_CONTENT_TYPE)) reply.serializer(asIs);
  }
  if (method !== 'HEAD') {
    reply.send(body ?? '');
    return;
  }
  // HEAD: the headers GET would send, the length included, and no body.
  if (typeof body === 'string' || Buffer.isBuffer(body))
    reply.header('content-length', Buffer.byteLength(body));
  reply.send();
}

/** Node's and Fastify's codes for a header name or value they will not write. */
const HEADER_REFUSALS = new Set([
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
]);
/** Their codes for anything else about a response they will not send. */
const OTHER_REFUSALS = new Set([
  'ERR_HTTP_INVALID_STATUS_CODE',
  'FST_ERR_BAD_STATUS_CODE',
  'FST_ERR_REP_INVALID_PAYLOAD_TYPE',
]);

function codeOf(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
}

/** Whether `error` is Node or Fastify refusing to send what a reply was given. */
export function isSendRefusal(error: unknown): boolean {
  const code = codeOf(error);
  return HEADER_REFUSALS.has(code as string) || OTHER_REFUSALS.has(code as string);
}

/**
 * The error to answer a failed send with: a refused header becomes ZIG_ERR_HEADER_VALUE (the
 * original as its cause), anything else stays as it is.
 */
export function sendError(error: unknown): unknown {
  if (!HEADER_REFUSALS.has(codeOf(error) as string)) return error;
  return new ZigguratError(
    'ZIG_ERR_HEADER_VALUE',
    `The response was refused when sent: ${(error as Error).message}`,
    { statusCode: 500, cause: error },
  );
}

/**
 * Forget what a reply that failed to send was given (its headers, Fastify's and Node's, and the
 * reason phrase Node kept from the refused status line), so the next response starts clean instead
 * of going out as `500 See Other` with the headers that were refused.
 */
export function resetReply(reply: FastifyReply): void {
  for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
  const raw = reply.raw;
  if (raw.headersSent) return;
  for (const name of raw.getHeaderNames()) raw.removeHeader(name);
  raw.statusMessage = '';
}
