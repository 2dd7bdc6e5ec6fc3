// HTTP Basic credentials from the Authorization header.
import type { Request } from '../http/request.js';

/** A user name and password sent with HTTP Basic authentication. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

const BASIC = /^Basic +([A-Za-z0-9+/=]+) *$/i;

function decode(encoded: string): string | null {
  const bytes = Buffer.from(encoded, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Older clients send Latin-1, as Pyramid also accepts.
    return bytes.toString('latin1');
  }
}

/**
 * The credentials of an `Authorization: Basic …` header, or null when there are none or they are
 * malformed. Checking them is up to the app (compare passwords in constant time, with a slow hash).
 * @example const credentials = extractHttpBasicCredentials(request);
 */
export function extractHttpBasicCredentials(request: Request): BasicCredentials | null {
  const found = BASIC.exec(request.headerValue('authorization') ?? '');
  if (!found?.[1]) return null;
  const decoded = decode(found[1]);
  const colon = decoded?.indexOf(':') ?? -1;
  if (decoded === null || colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
