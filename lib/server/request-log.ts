// The request log: one line per request once its response is out, with what a log search needs (id,
// method, path, status, duration, route, view, user), replacing Fastify's "incoming request" and
// "request completed" pair. Fastify calls its LogController at completion; this one writes the line.
import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import type { ViewEntry } from '../config/state.js';
import { requestOf } from '../dispatch/request-link.js';
import { requestInternals } from '../http/request.js';
import { VIEW } from '../symbols.js';
import { viewLabel } from '../views/view-label.js';
import { requestIdFor } from './request-id.js';

/** The namespace of the request log's lines: `ziggurat.requests = warn` in [logging] turns them off. */
export const REQUESTS_LOGGER = 'ziggurat.requests';

/** The fields of one request's line. */
export interface RequestLogFields {
  reqId: string;
  method: string;
  path: string;
  statusCode: number;
  /** Milliseconds from the request's arrival to the end of its response. */
  durationMs: number;
  /** The matched route's name, or null (traversal, a static file, no route). */
  route: string | null;
  /** The view that answered: its name, or the call site that added it; null when no view ran. */
  view: string | null;
  /** The authenticated user id, when the request asked the security policy for it. */
  userid?: unknown;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Fastify's options for the request log, added under the caller's when the app has a logger: request
 * ids from X-Request-Id when safe (else made by a counter), and the controller that writes Ziggurat's line instead
 * of Fastify's two. A caller's own `genReqId`, `requestIdHeader`, `logController` or
 * `disableRequestLogging` is kept.
 */
export function requestLogOptions(options: FastifyServerOptions): FastifyServerOptions {
  const result: FastifyServerOptions = {};
  if (options.genReqId === undefined && options.requestIdHeader === undefined) result.genReqId = requestIdFor;
  if (options.logController === undefined && options.disableRequestLogging === undefined)
    result.logController = new RequestLogController();
  return result;
}

/** Whether Fastify options give the app a logger (Ziggurat's request log and ids are only for apps that log). */
export function logsRequests(options: FastifyServerOptions): boolean {
  return Boolean(options.logger || options.loggerInstance);
}

/**
 * Fastify's log controller with Ziggurat's request line: nothing when a request comes in, one line
 * on `logger` (the `ziggurat.requests` child) when it is answered. The user id is logged only if
 * something in the request already asked the security policy (a permission check, the view): the log
 * never makes a request authenticate, which would cost a session or token lookup for a static file.
 */
export class RequestLogController extends LogController {
  /** The `ziggurat.requests` child of the app's logger, made on the first request (after the app's logger). */
  #logger: FastifyBaseLogger | null = null;
  #enabled = true;

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.#logger === null) {
      this.#logger = request.server.log.child({ name: REQUESTS_LOGGER });
      const levels = this.#logger as { isLevelEnabled?: (level: string) => boolean };
      this.#enabled = levels.isLevelEnabled?.('info') ?? true;
    }
    if (!this.#enabled) return;
    const zigguratRequest = requestOf(request);
    const view = (zigguratRequest?.[VIEW] ?? null) as ViewEntry | null;
    const fields: RequestLogFields = {
      reqId: String(request.id),
      method: request.method,
      path: pathOf(request.url),
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 100) / 100,
      route: zigguratRequest?.matchedRoute?.name ?? null,
      view: view === null ? null : viewLabel(view),
    };
    const userid = zigguratRequest === null ? undefined : requestInternals.peekUserid(zigguratRequest);
    if (isThenable(userid)) {
      userid.then(
        (value) => this.#write(withUser(fields, value), error),
        () => this.#write(fields, error),
      );
    } else this.#write(withUser(fields, userid), error);
  }

  #write(fields: RequestLogFields, error: Error | null | undefined): void {
    const message = `${fields.method} ${fields.path} ${fields.statusCode} in ${fields.durationMs} ms`;
    // An error here is the response stream's (a client gone mid-body): the view's were logged already.
    const logger = this.#logger as FastifyBaseLogger;
    if (error) logger.warn({ ...fields, err: error }, `${message} (the response failed)`);
    else logger.info(fields, message);
  }
}

function withUser(fields: RequestLogFields, userid: unknown): RequestLogFields {
  return userid === undefined || userid === null ? fields : { ...fields, userid };
}
