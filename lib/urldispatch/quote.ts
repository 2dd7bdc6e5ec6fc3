// Percent-encoding for generated URLs: path segments, whole paths, queries and anchors.
import { URLGenerationError } from '../errors.js';

const SEGMENT_SAFE: Record<string, string> = {
  '%3A': ':',
  '%40': '@',
  '%24': '$',
  '%26': '&',
  '%2B': '+',
  '%2C': ',',
  '%3B': ';',
  '%3D': '=',
};

/**
 * Quote a value as one path segment: `/` becomes `%2F`; `.` and `..` are refused (clients resolve them).
 * @example quoteSegment('a/b c') // 'a%2Fb%20c'
 */
export function quoteSegment(value: string): string {
  if (value === '.' || value === '..') {
    // Clients resolve '.' and '..' (even as %2E) as dot segments, so no URL could carry them.
    throw new URLGenerationError(
      'ZIG_ERR_ROUTE_PARAM',
      `'${value}' cannot be a URL path segment: clients resolve it`,
    );
  }
  return encodeURIComponent(value).replace(
    /%(?:3A|40|24|26|2B|2C|3B|3D)/g,
    (encoded) => SEGMENT_SAFE[encoded] ?? encoded,
  );
}

/**
 * Quote a path, keeping its `/` separators.
 * @example quotePath('/la peña/x') // '/la%20pe%C3%B1a/x'
 */
export function quotePath(value: string): string {
  return value.split('/').map(quoteSegment).join('/');
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

const QUERY_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu;
const FRAGMENT_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/gu;

/**
 * Encode a query: an object (arrays repeat the key, null and undefined are skipped) or a string
 * used as written (only characters illegal in a query are escaped). No leading `?`.
 * @example encodeQuery({ tag: ['a', 'b c'] }) // 'tag=a&tag=b+c'
 */
export function encodeQuery(query: Readonly<Record<string, unknown>> | string): string {
  if (typeof query === 'string') return query.replace(QUERY_UNSAFE, encodeURIComponent);
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      pairs.push(`${formEncode(key)}=${formEncode(String(item))}`);
    }
  }
  return pairs.join('&');
}

/** Quote a URL fragment. */
export function quoteAnchor(anchor: string): string {
  return anchor.replace(FRAGMENT_UNSAFE, encodeURIComponent);
}
