// The kinds of route besides the matched ones (Pyramid's): static routes and external routes, which
// only generate URLs; and where a pattern lands under a route prefix (`inheritSlash`).
import { ConfigurationError } from '../errors.js';
import type { ExternalOrigin } from '../http/url.js';
import type { RoutePregenerator } from '../types.js';
import type { ConfigContext } from './context.js';

/** Options of addRoute about the kind of route, not about matching. */
export interface RouteKindOptions {
  /** For URL generation only: the route never matches a request (Pyramid's `static`). */
  static?: boolean;
  /** Rewrites the elements and params of every URL generated for the route. */
  pregenerator?: RoutePregenerator;
  /** With the pattern `''` under a route prefix, the route is the prefix itself, without a trailing slash. */
  inheritSlash?: boolean;
}

export const ROUTE_KIND_OPTIONS: readonly string[] = ['static', 'pregenerator', 'inheritSlash'];

/** What addRoute records for the pattern: where it matches (or generates), and the route's kind. */
export interface RouteShape {
  /** The pattern compiled for matching and generation (the path of an external route). */
  readonly pattern: string;
  /** The pattern as listings show it: an external route's whole URL; null for the compiled pattern. */
  readonly shown: string | null;
  readonly static: boolean;
  readonly external: ExternalOrigin | null;
}

// `https://host/path`, `//host/path`: Pyramid treats a pattern with a host as an external route.
const EXTERNAL = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?\/\/([^/?#]+)(.*)$/;

function optionError(ctx: ConfigContext, name: string, problem: string): ConfigurationError {
  return new ConfigurationError(`addRoute('${name}'): ${problem}, at ${ctx.site}`, {
    code: 'ZIG_ERR_CONFIG_OPTION',
  });
}

/** Join a route prefix and a pattern as Pyramid does: 'users' + '' → 'users/', or 'users' with inheritSlash. */
export function applyRoutePrefix(prefix: string, pattern: string, inheritSlash = false): string {
  if (prefix === '') return pattern;
  if (inheritSlash) return prefix;
  return `${prefix.replace(/\/+$/, '')}/${pattern.replace(/^\/+/, '')}`;
}

function externalRoute(ctx: ConfigContext, pattern: string): RouteShape | null {
  const parts = EXTERNAL.exec(pattern);
  if (parts === null) return null;
  const [, scheme, host = '', path = ''] = parts;
  if (host.includes('{') || host.includes('*')) {
    throw new ConfigurationError(
      `Route pattern ${JSON.stringify(pattern)}: an external route's host cannot hold placeholders, at ${ctx.site}`,
      { code: 'ZIG_ERR_ROUTE_PATTERN' },
    );
  }
  return { pattern: path, shown: pattern, static: true, external: { scheme: scheme ?? null, host } };
}

/** Options that only matter when a route matches requests, which a static route never does. */
function matchingOptions(options: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(options).filter(
    (key) => !ROUTE_KIND_OPTIONS.includes(key) && options[key] !== undefined,
  );
}

/**
 * The pattern and kind of a route: an external route (a pattern with a host) keeps its path and is
 * static; any other pattern gets the route prefix. Mistakes are refused at the call.
 */
export function routeShape(
  ctx: ConfigContext,
  name: string,
  pattern: string,
  options: Readonly<Record<string, unknown>> & RouteKindOptions,
): RouteShape {
  if (options.inheritSlash && pattern !== '') {
    throw optionError(ctx, name, `inheritSlash needs the pattern '' (got ${JSON.stringify(pattern)})`);
  }
  if (options.pregenerator !== undefined && typeof options.pregenerator !== 'function') {
    throw optionError(
      ctx,
      name,
      'pregenerator must be a function (request, elements, params) => [elements, params]',
    );
  }
  const shape = externalRoute(ctx, pattern) ?? {
    pattern: applyRoutePrefix(ctx.routePrefix, pattern, options.inheritSlash === true),
    shown: null,
    static: options.static === true,
    external: null,
  };
  const ignored = shape.static ? matchingOptions(options) : [];
  if (ignored.length > 0) {
    const kind = shape.external ? 'an external route' : 'a static route';
    throw optionError(
      ctx,
      name,
      `${kind} only generates URLs and never matches a request, so ${ignored.map((key) => `'${key}'`).join(', ')} would do nothing`,
    );
  }
  return shape;
}
