// The health add-on's settings, read and checked once at commit: the endpoints' paths and the load limits.
import { asBytes, type Settings, ZigguratError } from '../../lib/index.js';

/** The health add-on's settings, checked and with their defaults. */
export interface HealthOptions {
  /** The readiness endpoint (`health.readyPath`, default `/_health/ready`). */
  readonly readyPath: string;
  /** The liveness endpoint (`health.livePath`, default `/_health/live`). */
  readonly livePath: string;
  /** Milliseconds of event loop delay past which requests are shed (`health.maxEventLoopDelay`, default 1000; 0: no limit). */
  readonly maxEventLoopDelay: number;
  /** Bytes of V8 heap in use past which requests are shed (`health.maxHeapUsed`, default 0: no limit). */
  readonly maxHeapUsed: number;
  /** Bytes of resident memory past which requests are shed (`health.maxRss`, default 0: no limit). */
  readonly maxRss: number;
  /** Seconds a shed request is told to wait, in `Retry-After` (`health.retryAfter`, default 10). */
  readonly retryAfter: number;
  /** Milliseconds between two measures of the load (`health.sampleInterval`, default 1000). */
  readonly sampleInterval: number;
  /** Milliseconds a readiness check may take before it counts as failed (`health.checkTimeout`, default 2000). */
  readonly checkTimeout: number;
}

function settingError(name: string, expected: string, value: unknown): ZigguratError {
  return new ZigguratError(
    'ZIG_ERR_HEALTH_SETTING',
    `The setting '${name}' must be ${expected}, got ${JSON.stringify(value)}`,
  );
}

function whole(settings: Settings, name: string, fallback: number, min: number): number {
  const value = settings[name];
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(parsed) || parsed < min) throw settingError(name, `an integer >= ${min}`, value);
  return parsed;
}

function size(settings: Settings, name: string): number {
  try {
    return asBytes(settings[name], 0);
  } catch {
    throw settingError(name, 'a size (bytes, or a number with kb, mb or gb; 0: no limit)', settings[name]);
  }
}

function path(settings: Settings, name: string, fallback: string): string {
  const value = settings[name];
  if (value === undefined || value === null || value === '') return fallback;
  const text = String(value).trim();
  if (!/^\/[^\s?#]*$/.test(text)) throw settingError(name, "a path starting with '/'", value);
  return text;
}

/** The keys of the `health.*` settings, declared with config.declareSettings so typos are reported. */
export const HEALTH_SETTINGS: readonly string[] = [
  'readyPath',
  'livePath',
  'maxEventLoopDelay',
  'maxHeapUsed',
  'maxRss',
  'retryAfter',
  'sampleInterval',
  'checkTimeout',
];

/**
 * Read and check the health add-on's settings (`health.*`); a bad value is a `ZIG_ERR_HEALTH_SETTING`.
 * @example readHealthOptions({ 'health.maxRss': '512mb' }).maxRss // 536870912
 */
export function readHealthOptions(settings: Settings): HealthOptions {
  const readyPath = path(settings, 'health.readyPath', '/_health/ready');
  const livePath = path(settings, 'health.livePath', '/_health/live');
  if (readyPath === livePath)
    throw settingError('health.livePath', 'another path than health.readyPath', livePath);
  return {
    readyPath,
    livePath,
    maxEventLoopDelay: whole(settings, 'health.maxEventLoopDelay', 1000, 0),
    maxHeapUsed: size(settings, 'health.maxHeapUsed'),
    maxRss: size(settings, 'health.maxRss'),
    retryAfter: whole(settings, 'health.retryAfter', 10, 1),
    sampleInterval: whole(settings, 'health.sampleInterval', 1000, 10),
    checkTimeout: whole(settings, 'health.checkTimeout', 2000, 1),
  };
}
