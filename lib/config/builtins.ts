// What every registry starts with: the built-in predicates and renderers, as if committed first.
import { BUILTIN_ROUTE_PREDICATES, BUILTIN_VIEW_PREDICATES } from '../predicates/index.js';
import { realtimeHooks, SSE_RENDERER, SSE_SETTINGS, sseRenderer } from '../realtime/sse-index.js';
import { webSocketPredicate } from '../realtime/websocket-predicate.js';
import { WEBSOCKET_SETTINGS } from '../realtime/websocket-settings.js';
import { BUILTIN_RENDERERS } from '../views/renderers.js';
import { API_SETTINGS } from './browsable-api.js';
import { ZIGGURAT_SETTINGS } from './settings-declarations.js';
import { sharedPerValue } from './shared-predicates.js';
import type { ConfigState } from './state.js';
import { RATELIMIT_SETTINGS } from './view-rate-limits.js';

/** Put the built-ins straight into the state, before anything the user registers. */
export function registerBuiltins(state: ConfigState): void {
  for (const [name, factory] of BUILTIN_VIEW_PREDICATES)
    state.viewPredicates.set(name, sharedPerValue(factory));
  state.viewPredicates.set('webSocket', sharedPerValue(webSocketPredicate));
  for (const [name, factory] of BUILTIN_ROUTE_PREDICATES)
    state.routePredicates.set(name, sharedPerValue(factory));
  for (const [name, factory] of BUILTIN_RENDERERS) state.renderers.set(name, factory);
  state.settingsNamespaces.set('ziggurat', new Set(ZIGGURAT_SETTINGS));
  state.settingsNamespaces.set('ratelimit', new Set(RATELIMIT_SETTINGS));
  state.settingsNamespaces.set('api', new Set(API_SETTINGS));
  addSettingsKeys(state, 'realtime', WEBSOCKET_SETTINGS);
  addSettingsKeys(state, 'realtime', SSE_SETTINGS);
  state.renderers.set(SSE_RENDERER, sseRenderer);
  state.fastifyConfigurers.push(realtimeHooks);
}

/** Add keys to a namespace (the realtime one is shared by WebSocket views and event streams). */
function addSettingsKeys(state: ConfigState, namespace: string, keys: readonly string[]): void {
  const known = state.settingsNamespaces.get(namespace) ?? new Set<string>();
  for (const key of keys) known.add(key);
  state.settingsNamespaces.set(namespace, known);
}
