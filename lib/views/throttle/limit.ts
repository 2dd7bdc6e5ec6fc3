// A view with a rate limit: each request is counted under its key before the view runs; past `max`
// in the window, a 429 with Retry-After answers instead. The headers are @fastify/rate-limit's.
import { isIPv6 } from 'node:net';
import { format } from '@lukeed/ms';
import { HTTPTooManyRequests } from '../../http/exceptions/index.js';
import type { Request } from '../../http/request.js';
import type { Counter, Hit } from './counters.js';
import type { RateLimit } from './options.js';

type View = (request: Request) => unknown;

/** Groups of an IPv6 address, `::` expanded (an embedded IPv4 address counts as two). */
function ipv6Groups(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  if (tail === undefined) return left;
  const right = tail === '' ? [] : tail.split(':');
  const width = (groups: string[]) => groups.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  return [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
}

/**
 * The client's address as the limit's key, as @fastify/rate-limit normalizes it: an IPv4-mapped
 * address as IPv4, and an IPv6 address as its /64 network, since one client commonly holds all of it.
 */
export function clientKey(request: Request): string {
  const ip = (request.fastify.request.ip ?? '').toLowerCase();
  if (!isIPv6(ip)) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped !== null) return mapped[1] as string;
  const network = ipv6Groups(ip)
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''));
  return `${network.join(':')}::/64`;
}

function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}

/** How a limited view answers: its limit, its counters, and what names its keys. */
export interface Throttle {
  readonly limit: RateLimit;
  readonly counter: Counter;
  /** Prefixes every key, so each view has its own counters (the same in every process). */
  readonly scope: string;
  /** Whether the view renders JSON: its 429 is then a problem document for clients with no preference. */
  readonly json: boolean;
}

function tooMany(request: Request, throttle: Throttle, hit: Hit): HTTPTooManyRequests {
  const reset = String(seconds(hit.ttl));
  const error = new HTTPTooManyRequests({
    detail: `Rate limit exceeded, retry in ${format(seconds(hit.ttl) * 1000, true)}`,
    headers: {
      'x-ratelimit-limit': String(throttle.limit.max),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': reset,
      'retry-after': reset,
    },
  });
  if (throttle.json) {
    const accept = request.headerValue('accept');
    error.prepareBody(accept === undefined || accept.trim() === '' ? '*/*' : accept, true);
  }
  return error;
}

function counted(request: Request, view: View, throttle: Throttle, hit: Hit): unknown {
  const { max } = throttle.limit;
  if (hit.current > max) throw tooMany(request, throttle, hit);
  // On Fastify's reply, as the plugin does: they go out whatever the view answers, a Response too.
  const reply = request.fastify.reply;
  reply.header('x-ratelimit-limit', max);
  reply.header('x-ratelimit-remaining', max - hit.current);
  reply.header('x-ratelimit-reset', seconds(hit.ttl));
  return view(request);
}

function countKey(request: Request, view: View, throttle: Throttle, key: string): unknown {
  const hit = throttle.counter.hit(`${throttle.scope}${key}`, throttle.limit.windowMs);
  if (hit instanceof Promise) return hit.then((done) => counted(request, view, throttle, done));
  return counted(request, view, throttle, hit);
}

/**
 * Wrap a view with its rate limit (at commit). Synchronous with the memory counters and a
 * synchronous key; a key function or Redis makes it asynchronous.
 */
export function throttledView(view: View, throttle: Throttle): View {
  const keyOf = throttle.limit.key;
  return (request) => {
    if (keyOf === null) return countKey(request, view, throttle, clientKey(request));
    const key = keyOf(request);
    if (key instanceof Promise) return key.then((made) => countKey(request, view, throttle, String(made)));
    return countKey(request, view, throttle, String(key));
  };
}
