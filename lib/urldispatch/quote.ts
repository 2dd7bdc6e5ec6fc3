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
 * Percent-encode text for a path, keeping the sub-delimiters Pyramid keeps; `/` becomes `%2F`.
 * Dot segments are not checked: use it for pieces of a segment, then check the path (refuseDotSegments).
 * @example encodeSegmentText('.') // '.'
 */
export function encodeSegmentText(value: string): string {
  return encodeURIComponent(value).replace(
    /%(?:3A|40|24|26|2B|2C|3B|3D)/g,
    (encoded) => SEGMENT_SAFE[encoded] ?? encoded,
  );
}

function dotSegmentError(segment: string): URLGenerationError {
  // Clients resolve '.' and '..' (even as %2E) as dot segments, so no URL could carry them.
  return new URLGenerationError(
    'ZIG_ERR_ROUTE_PARAM',
    `'${segment}' cannot be a URL path segment: clients resolve it`,
  );
}

/**
 * Throw when a generated path has a `.` or `..` segment (clients would resolve it away).
 * @example refuseDotSegments('/dl/a.pdf') // fine; refuseDotSegments('/a/../b') throws
 */
export function refuseDotSegments(path: string): void {
  if (!path.includes('.')) return;
  for (const segment of path.split('/')) {
    if (segment === '.' || segment === '..') throw dotSegmentError(segment);
  }
}

/**
 * Quote a value as one path segment: `/` becomes `%2F`; `.` and `..` are refused (clients resolve them).
 * @example quoteSegment('a/b c') // 'a%2Fb%20c'
 */
export function quoteSegment(value: string): string {
  if (value === '.' || value === '..') throw dotSegmentError(value);
  return encodeSegmentText(value);
}

/**
 * Quote a path, keeping its `/` separators.
 * @example quotePath('/la peña/x') // '/la%20pe%C3%B1a/x'
 */
export function quotePath(value: string): string {
  return value.split('/').map(quoteSegment).join('/');
}

/**
 * Encode a path keeping its `/` separators, without the dot-segment check (see refuseDotSegments).
 * @example encodePathText('/x.{y}') // '/x.%7By%7D'
 */
export function encodePathText(value: string): string {
  return value.split('/').map(encodeSegmentText).join('/');
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

const QUERY_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/gu;
const FRAGMENT_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/gu;

/** A query: an object, an ordered list of `[key, value]` pairs, or a ready query string. */
export type QueryInput =
  | Readonly<Record<string, unknown>>
  | ReadonlyArray<readonly [string, unknown]>
  | string;

/**
 * Encode a query: an object or an ordered list of `[key, value]` pairs (an array value repeats the
 * key, null and undefined are skipped), or a string used as written (only characters illegal in a
 * query are escaped). No leading `?`.
 * @example encodeQuery({ tag: ['a', 'b c'] }) // 'tag=a&tag=b+c'
 * @example encodeQuery([['b', 1], ['a', 2], ['b', 3]]) // 'b=1&a=2&b=3'
 */
export function encodeQuery(query: QueryInput): string {
  if (typeof query === 'string') return query.replace(QUERY_UNSAFE, encodeURIComponent);
  const entries: Iterable<readonly [string, unknown]> = Array.isArray(query)
    ? (query as ReadonlyArray<readonly [string, unknown]>)
    : Object.entries(query);
  const pairs: string[] = [];
  for (const [key, value] of entries) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      pairs.push(`${formEncode(String(key))}=${formEncode(String(item))}`);
    }
  }
  return pairs.join('&');
}

/** Quote a URL fragment. */
export function quoteAnchor(anchor: string): string {
  return anchor.replace(FRAGMENT_UNSAFE, encodeURIComponent);
}
