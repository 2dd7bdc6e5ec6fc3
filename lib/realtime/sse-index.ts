// lib/realtime/ (server-sent events and the broadcaster): what the public index and the configuration use.
export { Broadcaster, type BroadcastHandler, type Subscription } from './broadcaster.js';
export { ChannelStream, type ChannelStreamOptions } from './broadcaster-stream.js';
export { type EventSource, EventStream, type EventStreamOptions } from './event-stream.js';
export { realtimeHooks } from './sse-app-hooks.js';
export { formatEvent, type ServerSentEvent } from './sse-format.js';
export { broadcastRedisUrl, checkRealtimeSettings, keepAliveMs, SSE_SETTINGS } from './sse-settings.js';
export { applyEventStreams, SSE_RENDERER, sseRenderer } from './sse-views.js';
