// The `realtime.*` settings of WebSocket views: message size, ping/pong keep-alive, idle timeout.
import { ZigguratError } from '../errors.js';
import { asBytes } from '../settings/values.js';
import type { Settings } from '../types.js';

/** The keys of the `realtime` namespace WebSocket views read (declared, so typos are warned). */
export const WEBSOCKET_SETTINGS: readonly string[] = ['max_message_size', 'ping_interval', 'idle_timeout'];

/** What WebSocket connections are held to; durations in milliseconds. */
export interface WebSocketSettings {
  /** The largest message a client may send; a bigger one closes the socket with 1009 (default 1 MiB). */
  readonly maxMessageSize: number;
  /** How often each socket is pinged; one that has not answered the last ping is cut (default 30 s, 0: never). */
  readonly pingInterval: number;
  /** How long a socket may go without a message from its client before it is closed with 1000 (default 0: no limit). */
  readonly idleTimeout: number;
}

const DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;
const DEFAULT_PING_SECONDS = 30;

function settingError(key: string, message: string, value: unknown): ZigguratError {
  return new ZigguratError(
    'ZIG_ERR_SETTINGS_VALUE',
    `realtime.${key} ${message}, got ${JSON.stringify(value)}`,
  );
}

/** A duration setting in seconds (decimals allowed), as milliseconds. */
function seconds(settings: Settings, key: string, fallback: number): number {
  const value = settings[`realtime.${key}`];
  if (value === undefined || value === null || value === '') return fallback * 1000;
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(parsed) || parsed < 0)
    throw settingError(key, 'must be a number of seconds, 0 or more', value);
  return Math.round(parsed * 1000);
}

/**
 * Read the WebSocket settings once per app (at makeApp), with their safe defaults.
 * @example readWebSocketSettings({ 'realtime.max_message_size': '64kb', 'realtime.ping_interval': 15 })
 */
export function readWebSocketSettings(settings: Settings): WebSocketSettings {
  let maxMessageSize: number;
  try {
    maxMessageSize = asBytes(settings['realtime.max_message_size'], DEFAULT_MAX_MESSAGE_SIZE);
  } catch {
    throw settingError(
      'max_message_size',
      'must be a size (bytes, or with kb, mb or gb)',
      settings['realtime.max_message_size'],
    );
  }
  if (maxMessageSize < 1) throw settingError('max_message_size', 'must be at least 1 byte', maxMessageSize);
  return {
    maxMessageSize,
    pingInterval: seconds(settings, 'ping_interval', DEFAULT_PING_SECONDS),
    idleTimeout: seconds(settings, 'idle_timeout', 0),
  };
}
