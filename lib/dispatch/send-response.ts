// Sending a Response through Fastify's reply: status, headers, the body (none for HEAD).
import type { FastifyReply } from 'fastify';
import { HTTPException } from '../http/exceptions/index.js';
import type { Request } from '../http/request.js';
import type { Response } from '../http/response.js';
import { headersInternals } from '../http/response-headers.js';

function setReplyHeader(this: FastifyReply, key: string, value: string | string[]): void {
  this.header(key, value);
}

/** Write a Response to Fastify's reply. */
export function sendResponse(request: Request, reply: FastifyReply, response: Response): void {
  if (response instanceof HTTPException) response.prepareBody(request.headerValue('accept'));
  if (reply.statusCode !== response.status) reply.code(response.status);
  const typed = headersInternals.writeEach(response.headers, setReplyHeader, reply);
  const body = response.body;
  if (typeof body === 'string' && !typed) reply.type('text/html; charset=utf-8');
  if (request.method !== 'HEAD') {
    reply.send(body ?? '');
    return;
  }
  // HEAD: the headers GET would send, the length included, and no body.
  if (typeof body === 'string' || Buffer.isBuffer(body))
    reply.header('content-length', Buffer.byteLength(body));
  reply.send();
}
