// lib/views/throttle/: the rateLimit view option: its options, its counters, and the limited view.
export type { RateLimitOptions } from './options.js';
