// The `realtime` settings the event streams and the broadcaster read, checked at commit so that a bad
// value fails there rather than on the first stream or message.
import { ConfigurationError } from '../errors.js';
import type { Settings } from '../types.js';

/** The keys of the `realtime` settings namespace this module reads (others may add theirs). */
export const SSE_SETTINGS: readonly string[] = ['sse_keepalive', 'redis'];

/** Seconds between keep-alive comments on an idle event stream: under the usual 30-60 s proxy timeouts. */
export const DEFAULT_KEEPALIVE_SECONDS = 15;

/**
 * Milliseconds between keep-alive comments (`realtime.sse_keepalive`, in seconds; 0 sends none).
 * @example keepAliveMs({ 'realtime.sse_keepalive': '5' }) // 5000
 */
export function keepAliveMs(settings: Settings): number {
  const value = settings['realtime.sse_keepalive'];
  if (value === undefined || value === null || value === '') return DEFAULT_KEEPALIVE_SECONDS * 1000;
  const seconds = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new ConfigurationError(
      `The setting realtime.sse_keepalive must be a number of seconds (0 for none), got ${JSON.stringify(value)}`,
      { code: 'ZIG_ERR_REALTIME_SETTING' },
    );
  }
  return Math.round(seconds * 1000);
}

/** The Redis URL of `realtime.redis`, or null (the broadcaster stays in this process). */
export function broadcastRedisUrl(settings: Settings): string | null {
  const value = settings['realtime.redis'];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return null;
  const url = typeof value === 'string' ? value.trim() : '';
  if (!/^rediss?:\/\/./i.test(url)) {
    throw new ConfigurationError(
      `The setting realtime.redis must be a redis:// or rediss:// URL, got ${JSON.stringify(value)}`,
      { code: 'ZIG_ERR_REALTIME_SETTING' },
    );
  }
  return url;
}

/** At commit: both settings are readable (each throws ZIG_ERR_REALTIME_SETTING when not). */
export function checkRealtimeSettings(settings: Settings): void {
  keepAliveMs(settings);
  broadcastRedisUrl(settings);
}
