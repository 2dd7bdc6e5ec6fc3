// The canonical form of a request path: segments decoded, with only '%' and '/' re-escaped inside them.
import { ZigguratError } from '../errors.js';

/** One raw path segment, decoded; a malformed escape throws a 400 ZigguratError (ZIG_ERR_BAD_PATH). */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ZigguratError(
      'ZIG_ERR_BAD_PATH',
      `The path segment ${JSON.stringify(segment)} has a malformed percent escape or invalid UTF-8`,
      { statusCode: 400 },
    );
  }
}

function escapeInSegment(decoded: string): string {
  return decoded.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/**
 * Decode each segment of a raw path, re-escaping only `%` and `/` inside segments, so that `/`
 * is always a separator and `%2F` stays inside its segment. Throws a 400 ZigguratError on bad input.
 * @example canonicalPath('/a/x%2Fy/caf%C3%A9') // '/a/x%2Fy/café'
 */
export function canonicalPath(rawPath: string): string {
  if (!rawPath.includes('%')) return rawPath;
  return rawPath
    .split('/')
    .map((segment) => escapeInSegment(decodePathSegment(segment)))
    .join('/');
}

/** Undo the two escapes of the canonical form. */
export function uncanonical(text: string): string {
  return text.includes('%') ? text.replace(/%2F/g, '/').replace(/%25/g, '%') : text;
}

/**
 * The decoded, non-empty segments of a raw path (for traversal).
 * @example decodePathSegments('/a//b%20c/') // ['a', 'b c']
 */
export function decodePathSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodePathSegment);
}
