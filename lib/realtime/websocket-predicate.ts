// The webSocket view predicate: whether the request is a WebSocket upgrade (addWebSocketView adds it).
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';
import { pendingUpgrade } from './websocket-server.js';

/** Whether `request` asks for a WebSocket and came with a socket to upgrade (not through app.inject). */
export function isWebSocketUpgrade(request: Request): boolean {
  const upgrade = request.headers.upgrade;
  if (typeof upgrade !== 'string' || upgrade.toLowerCase() !== 'websocket') return false;
  const raw = request.fastify.request.raw;
  return raw !== undefined && pendingUpgrade(raw) !== null;
}

/**
 * The factory registered under `webSocket`: true for WebSocket upgrades only (what addWebSocketView
 * sets), false to keep an ordinary view from answering them.
 */
export function webSocketPredicate(value: unknown) {
  if (typeof value !== 'boolean') {
    throw new ConfigurationError(`webSocket must be true or false, got ${String(value)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const text = value ? 'websocket upgrade' : 'not a websocket upgrade';
  return {
    text: () => text,
    phash: () => `webSocket = ${value}`,
    call(_context: unknown, request: Request): boolean {
      return isWebSocketUpgrade(request) === value;
    },
  };
}
