// The Host a request names: checked against RFC 3986's host syntax, reduced to the name allowed hosts match.
import { isIPv4, isIPv6 } from 'node:net';

/** RFC 1035's limit on a domain name; nothing longer names a host. */
const MAX_NAME_LENGTH = 253;

// Per character code below 128: 1 for RFC 3986's unreserved characters (letters, digits, - . _ ~),
// the only ones a host name may have here. A table, not a regex: this runs for every request.
const NAME_CHARS = new Uint8Array(128);
for (const char of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~') {
  NAME_CHARS[char.charCodeAt(0)] = 1;
}
const IPV6_CHARS = new Uint8Array(128);
for (const char of '0123456789abcdefABCDEF:.') IPV6_CHARS[char.charCodeAt(0)] = 1;

const DOT = 46;
const COLON = 58;

function onlyChars(text: string, table: Uint8Array): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || table[code] === 0) return false;
  }
  return true;
}

/** A port of 1 to 5 digits, from 1 to 65535. */
function isPort(text: string): boolean {
  if (text.length === 0 || text.length > 5) return false;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    value = value * 10 + digit;
  }
  return value >= 1 && value <= 65535;
}

/**
 * A name that WHATWG URL parsers treat as a number (its last label is all digits, or 0x and hex)
 * must be a dotted IPv4 address: `1.2.3.256` or `0x7f.1` would make `new URL()` throw or rewrite it.
 */
function numericLabelOk(name: string): boolean {
  const start = name.lastIndexOf('.') + 1;
  const first = name.charCodeAt(start) - 48;
  // Most names end in a label that starts with a letter: no number, nothing more to check.
  if (first < 0 || first > 9) return true;
  const hex = name.charCodeAt(start) === 48 && (name[start + 1] === 'x' || name[start + 1] === 'X');
  for (let i = hex ? start + 2 : start; i < name.length; i++) {
    const code = name.charCodeAt(i) | 0x20;
    const digit = code >= 48 && code <= 57;
    if (!digit && !(hex && code >= 97 && code <= 102)) return true;
  }
  return isIPv4(name);
}

/** Lower-cased, without the one trailing dot of a fully qualified name; null when not a host name. */
function normalName(text: string): string | null {
  const name = text.charCodeAt(text.length - 1) === DOT ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !onlyChars(name, NAME_CHARS)) return null;
  if (name.charCodeAt(0) === DOT || name.includes('..')) return null;
  if (!numericLabelOk(name)) return null;
  return name.toLowerCase();
}

function normalIPv6(literal: string): string | null {
  const address = literal.slice(1, -1);
  if (!onlyChars(address, IPV6_CHARS) || !isIPv6(address)) return null;
  return literal.toLowerCase();
}

/**
 * The host name a Host header (or X-Forwarded-Host) value names, lower-cased and without its port
 * or the trailing dot of a fully qualified name; null when the value is malformed.
 *
 * A value is an RFC 3986 host with an optional port from 1 to 65535: a name, an IPv4 address, or an
 * IPv6 address in brackets. Names are limited to RFC 3986's unreserved characters (letters, digits,
 * `-`, `.`, `_`, `~`): RFC 3986 also allows percent-escapes and sub-delimiters such as `,` `;` `'`
 * in a registered name, but no DNS name has them, URL parsers decode or refuse them, and `,` is how
 * repeated headers are joined. Every value accepted here parses with `new URL('http://' + value)`.
 * @example hostName('Example.COM.:8080') // 'example.com'
 * @example hostName('[::1]:6543') // '[::1]'
 * @example hostName('a b') // null
 */
export function hostName(value: string): string | null {
  if (value.charCodeAt(0) === 91 /* [ */) {
    const end = value.indexOf(']');
    if (end === -1) return null;
    const rest = value.slice(end + 1);
    if (rest !== '' && (rest.charCodeAt(0) !== COLON || !isPort(rest.slice(1)))) return null;
    return normalIPv6(value.slice(0, end + 1));
  }
  const colon = value.indexOf(':');
  if (colon === -1) return normalName(value);
  if (!isPort(value.slice(colon + 1))) return null;
  return normalName(value.slice(0, colon));
}
