// Secrets and HMAC signatures shared by the auth ticket, the session add-on and the CSRF add-on.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigurationError } from '../errors.js';

/** The shortest secret accepted: 32 characters, as for a 256-bit key written in base64 or hex. */
export const MIN_SECRET_LENGTH = 32;

/**
 * A list of secrets, newest first, from a string, a comma-separated string or an array. New
 * values are signed with the first; the others still verify, which lets an app rotate keys.
 */
export function secretList(value: unknown, what: string): string[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',').map((part) => part.trim())
      : [];
  const secrets = list.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
  if (secrets.length === 0 || secrets.length !== list.length) {
    throw new ConfigurationError(`${what} needs a secret (a string or a list of strings, newest first)`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const short = secrets.find((secret) => secret.length < MIN_SECRET_LENGTH);
  if (short !== undefined) {
    throw new ConfigurationError(
      `${what}: every secret must have at least ${MIN_SECRET_LENGTH} characters (one has ${short.length}); ` +
        "make one with: node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"",
      { code: 'ZIG_ERR_CONFIG_OPTION' },
    );
  }
  return secrets;
}

/** The HMAC of `value`, base64url. */
export function hmac(value: string, secret: string, algorithm = 'sha512'): string {
  return createHmac(algorithm, secret).update(value).digest('base64url');
}

/** Compare two strings in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Lengths are not secret here (a MAC's length is public); only the contents are compared in constant time.
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `value.signature`, signed with the newest secret. */
export function sign(value: string, secrets: readonly string[], algorithm = 'sha512'): string {
  return `${value}.${hmac(value, secrets[0] as string, algorithm)}`;
}

/** The value of a `value.signature` string when any of the secrets signed it, else null. */
export function unsign(signed: string, secrets: readonly string[], algorithm = 'sha512'): string | null {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const signature = signed.slice(dot + 1);
  for (const secret of secrets) {
    if (constantTimeEqual(signature, hmac(value, secret, algorithm))) return value;
  }
  return null;
}
