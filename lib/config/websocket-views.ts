// addWebSocketView: a view with an implicit `GET` + WebSocket-upgrade predicate, found by the ordinary
// view lookup, whose answer upgrades the socket; the app's WebSocket server is installed with the first.
import { ConfigurationError } from '../errors.js';
import { installWebSockets } from '../realtime/websocket-server.js';
import { type WebSocketHandler, webSocketViewMapper } from '../realtime/websocket-view.js';
import type { Class } from '../types.js';
import { isClass } from '../views/view-mapper.js';
import type { ConfigContext } from './context.js';
import { VIEW_DOC_OPTIONS } from './view-docs.js';
import { addView, type ViewOptions, type ViewPredicateOptions } from './views.js';

/**
 * Options of addWebSocketView: those of addView that make sense for an upgrade (not the method,
 * renderer, schema or documentation ones); custom view predicates too.
 */
export interface WebSocketViewOptions extends Omit<ViewPredicateOptions, 'requestMethod' | 'accept'> {
  /** Only for upgrades that matched this route. */
  routeName?: string;
  /** Only when the context is an instance of this class. */
  context?: Class;
  /** The traversal view name (default ''). */
  name?: string;
  /** The permission the security policy must grant on the context; refused: 403, no socket. */
  permission?: string;
}

/** addView options a WebSocket view sets itself, or that mean nothing for it. */
const REFUSED_OPTIONS = new Set<string>([
  'requestMethod',
  'accept',
  'renderer',
  'attr',
  'mapper',
  'schema',
  'rateLimit',
  'webSocket',
  ...VIEW_DOC_OPTIONS,
]);

function optionError(message: string, ctx: ConfigContext): ConfigurationError {
  return new ConfigurationError(`addWebSocketView: ${message} at ${ctx.site}`, {
    code: 'ZIG_ERR_CONFIG_OPTION',
  });
}

function checkHandler(handler: unknown, ctx: ConfigContext): void {
  if (isClass(handler)) {
    const proto = handler.prototype as WebSocketHandler;
    if (typeof proto.onOpen !== 'function' && typeof proto.onMessage !== 'function') {
      throw optionError(`handler class ${handler.name} has neither onOpen nor onMessage`, ctx);
    }
  } else if (typeof handler !== 'function') {
    throw optionError(
      `the handler must be a function (socket, request) or a class, got ${typeof handler}`,
      ctx,
    );
  }
}

/**
 * Record a WebSocket view: an addView (so routes, traversal, predicates, permissions, conflicts and
 * overrides work as for any view) answering only WebSocket upgrades, whose answer upgrades.
 */
export function addWebSocketView(
  ctx: ConfigContext,
  handler: unknown,
  options: WebSocketViewOptions = {},
): void {
  checkHandler(handler, ctx);
  for (const key of Object.keys(options ?? {})) {
    if (REFUSED_OPTIONS.has(key))
      throw optionError(`the '${key}' option does not apply to WebSocket views`, ctx);
  }
  const viewOptions: ViewOptions & { webSocket: boolean } = {
    ...options,
    requestMethod: 'GET',
    webSocket: true,
    mapper: webSocketViewMapper,
  };
  addView(ctx, handler, viewOptions);
  ctx.record(null, () => {
    if (!ctx.state.fastifyConfigurers.includes(installWebSockets))
      ctx.state.fastifyConfigurers.push(installWebSockets);
  });
}
