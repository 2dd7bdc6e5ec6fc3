// What a WebSocket view is once mapped: a view whose answer, WebSocketUpgrade, hands the request's
// socket to the WebSocket server (after dispatch, the security policy and the Origin check have
// let it through), then runs the handler on the open socket.
import type { FastifyReply } from 'fastify';
import type { WebSocket } from 'ws';
import { instantiatorFor } from '../declarative/injection.js';
import { ZigguratError } from '../errors.js';
import { HTTPForbidden } from '../http/exceptions/index.js';
import { originAllowed, parseTrustedOrigins, type TrustedOrigin } from '../http/origins.js';
import type { Request } from '../http/request.js';
import { Response, responseInternals } from '../http/response.js';
import { asList } from '../settings/values.js';
import type { Settings } from '../types.js';
import { isClass } from '../views/view-mapper.js';
import { WebSocketConnection, type WebSocketMessage } from './websocket-connection.js';
import { type PendingUpgrade, pendingUpgrade } from './websocket-server.js';

/** A WebSocket view as a function: called once the socket is open. */
export type WebSocketHandlerFunction = (socket: WebSocketConnection, request: Request) => unknown;

/**
 * A WebSocket view as a class: made per connection by the container (the Request injectable), before
 * the upgrade; its methods are called on the open socket.
 */
export interface WebSocketHandler {
  onOpen?(socket: WebSocketConnection): unknown;
  onMessage?(message: WebSocketMessage, socket: WebSocketConnection): unknown;
  onClose?(code: number, reason: string): unknown;
}

type Opener = (socket: WebSocketConnection) => unknown;
type Container = Parameters<typeof instantiatorFor>[0];

/** Headers a 101 answer must not take from the response (the handshake writes its own). */
const HANDSHAKE_HEADERS = new Set(['connection', 'upgrade', 'content-type', 'content-length']);

function headerLines(response: Response): string[] {
  const lines: string[] = [];
  responseInternals.writeHeaders(
    response,
    (key, value) => {
      if (HANDSHAKE_HEADERS.has(key)) return;
      for (const one of Array.isArray(value) ? value : [value]) lines.push(`${key}: ${one}`);
    },
    null,
  );
  return lines;
}

/**
 * A WebSocket view's answer: sent, it upgrades the request's socket. Its headers (a session's
 * Set-Cookie, say) go out with the 101 answer.
 */
export class WebSocketUpgrade extends Response {
  readonly #open: Opener;

  constructor(open: Opener) {
    super(null, { status: 101 });
    this.#open = open;
  }

  /** Take the reply over and upgrade (what sending this response does). */
  accept(reply: FastifyReply): void {
    const raw = reply.request.raw;
    const upgrade = pendingUpgrade(raw);
    if (upgrade === null) {
      throw new ZigguratError(
        'ZIG_ERR_VIEW_RESULT',
        'A WebSocketUpgrade answered a request that is no WebSocket upgrade',
        {
          statusCode: 500,
        },
      );
    }
    upgrade.accepted = true;
    upgrade.headers = headerLines(this);
    reply.hijack();
    const log = reply.request.log;
    upgrade.sockets.server.handleUpgrade(raw, upgrade.socket, upgrade.head, (ws: WebSocket) =>
      start(upgrade, new WebSocketConnection(ws, log), this.#open),
    );
  }
}

function start(upgrade: PendingUpgrade, connection: WebSocketConnection, open: Opener): void {
  connection.trackIn(upgrade.sockets.connections);
  try {
    const result = open(connection);
    if (result instanceof Promise) result.catch((error: unknown) => connection.fail(error));
  } catch (error) {
    connection.fail(error);
  }
}

/** Run a handler class instance on an open socket: onOpen first, then messages, then onClose. */
async function openInstance(instance: WebSocketHandler, socket: WebSocketConnection): Promise<void> {
  if (instance.onClose) socket.onClose((code, reason) => instance.onClose?.(code, reason));
  await instance.onOpen?.(socket);
  if (instance.onMessage) socket.onMessage((message) => instance.onMessage?.(message, socket));
}

/** `(request) => opener` for a handler: a function, or a class made for this request. */
function openerFor(handler: unknown, container: Container): (request: Request) => Opener | Promise<Opener> {
  if (isClass(handler)) {
    let instantiate: ReturnType<typeof instantiatorFor> | null = null;
    return (request) => {
      instantiate ??= instantiatorFor(container, handler);
      const made = instantiate(request);
      const opener =
        (instance: object): Opener =>
        (socket) =>
          openInstance(instance as WebSocketHandler, socket);
      return made instanceof Promise ? made.then(opener) : opener(made);
    };
  }
  const fn = handler as WebSocketHandlerFunction;
  return (request) => (socket) => fn(socket, request);
}

/** Refuse an upgrade from a page of another site (cross-site WebSocket hijacking). */
function checkOrigin(request: Request, trusted: readonly TrustedOrigin[]): void {
  const origin = request.headerValue('origin');
  // Browsers always send Origin with a WebSocket; other clients have no cookies to borrow.
  if (origin === undefined || originAllowed(request, origin, trusted)) return;
  throw new HTTPForbidden({
    detail: `WebSocket refused: Origin ${origin} is neither this site's nor trusted`,
  });
}

/**
 * The view mapper of WebSocket views: `(request) => WebSocketUpgrade` once the Origin is checked
 * (against the request's own origin and the `csrf.trustedOrigins` setting) and a class handler made.
 */
export function webSocketViewMapper(
  handler: unknown,
  info: { registry: { settings: Settings; container: Container } },
): (request: Request) => Response | Promise<Response> {
  const trusted = parseTrustedOrigins(asList(info.registry.settings['csrf.trustedOrigins']));
  const openerOf = openerFor(handler, info.registry.container);
  return (request) => {
    checkOrigin(request, trusted);
    const opener = openerOf(request);
    if (opener instanceof Promise) return opener.then((made) => new WebSocketUpgrade(made));
    return new WebSocketUpgrade(opener);
  };
}
