// A whole session record inside the cookie (the cookie store): short JSON keys, sealed by the CookieCipher.
import type { CookieCipher } from './cookie-cipher.js';
import type { SessionRecord } from './session.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The record a cookie value holds, or null when it is not one this app sealed (or is malformed). */
export function openRecord(cipher: CookieCipher, value: string, cookieName: string): SessionRecord | null {
  const text = cipher.open(value, cookieName);
  if (text === null) return null;
  try {
    const { c, i, d, u, g } = JSON.parse(text) as Record<string, unknown>;
    if (typeof c !== 'number' || typeof i !== 'number' || !isRecord(d)) return null;
    if ((u !== undefined && typeof u !== 'string') || (g !== undefined && typeof g !== 'number')) return null;
    return {
      createdAt: c,
      issuedAt: i,
      data: d,
      ...(u === undefined ? {} : { user: u }),
      ...(g === undefined ? {} : { generation: g }),
    };
  } catch {
    return null;
  }
}

/** The cookie value that holds `record`. */
export function sealRecord(cipher: CookieCipher, record: SessionRecord, cookieName: string): string {
  const { createdAt: c, issuedAt: i, data: d, user: u, generation: g } = record;
  return cipher.seal(JSON.stringify({ c, i, d, u, g }), cookieName);
}
