// The `rateLimit` view option at commit: each limited view is wrapped (outside its schema's
// validation, inside its permission check) with counters in memory, or in Redis when the
// `ratelimit.redis` setting names one. A view without a rate limit is left as it was.
import { type Counter, MemoryCounter, RedisCounter } from '../views/throttle/counters.js';
import { throttledView } from '../views/throttle/limit.js';
import { checkRateLimit } from '../views/throttle/options.js';
import type { Registry } from './registry.js';
import type { ConfigState, ViewEntry } from './state.js';
import { rendersJson } from './view-schemas.js';

/** The settings the rate limits read: the `ratelimit` namespace. */
export const RATELIMIT_SETTINGS: readonly string[] = ['redis'];

const KEY_PREFIX = 'ziggurat:ratelimit:';

/** What names a view's counters: the same in every process that runs the same configuration. */
function viewLabel(entry: ViewEntry): string {
  const where = entry.routeName ?? `context=${entry.context?.name ?? '*'}`;
  const methods = entry.methods === null ? '*' : [...entry.methods].sort().join(',');
  return `${where}:${entry.name}:${methods}`;
}

/** The Redis counters for this commit: kept from the last commit when the URL is the same. */
function redisCounter(state: ConfigState, url: string): RedisCounter {
  const kept = state.rateLimitRedis;
  if (kept !== null && kept.url === url) return kept;
  void kept?.close();
  state.rateLimitRedis = new RedisCounter(url);
  return state.rateLimitRedis;
}

/** Wrap every view that has a rateLimit. Runs at commit after the schemas, so it counts first. */
export function applyRateLimits(state: ConfigState, registry: Registry): void {
  const limited = state.views.filter((entry) => entry.options.rateLimit !== undefined);
  if (limited.length === 0) return;
  const setting = registry.settings['ratelimit.redis'];
  const url = typeof setting === 'string' ? setting.trim() : '';
  const shared: Counter | null = url === '' ? null : redisCounter(state, url);
  const labels = new Map<string, number>();
  for (const entry of limited) {
    const label = viewLabel(entry);
    const seen = labels.get(label) ?? 0;
    labels.set(label, seen + 1);
    entry.view = throttledView(entry.view, {
      limit: checkRateLimit(entry.options.rateLimit, entry.site.location),
      counter: shared ?? new MemoryCounter(),
      scope: `${KEY_PREFIX}${label}${seen === 0 ? '' : `#${seen}`}:`,
      json: rendersJson(state, entry),
    });
  }
}

/** Close the Redis connection of the rate limits, if any (the app closes). */
export async function closeRateLimits(state: ConfigState): Promise<void> {
  await state.rateLimitRedis?.close();
}
