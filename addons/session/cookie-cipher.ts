// Sealing session data into a cookie value: AES-256-GCM (encrypted and authenticated), one key per
// secret, derived with HKDF. Sealed with the newest key; opened with any, for key rotation.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'ziggurat.session', 'aes-256-gcm cookie', 32));
}

/** Seals and opens cookie values with a list of secrets, newest first. */
export class CookieCipher {
  readonly #keys: Buffer[];

  constructor(secrets: readonly string[]) {
    this.#keys = secrets.map(deriveKey);
  }

  /** `v1.` then base64url of IV, ciphertext and tag; the cookie name is bound in as extra data. */
  seal(plaintext: string, cookieName: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0] as Buffer, iv);
    cipher.setAAD(Buffer.from(cookieName));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The plaintext, or null when the value was not sealed by one of the keys (tampered, foreign, old). */
  open(sealed: string, cookieName: string): string | null {
    if (!sealed.startsWith(`${VERSION}.`)) return null;
    const encoded = sealed.slice(VERSION.length + 1);
    const raw = Buffer.from(encoded, 'base64url');
    // Only the canonical encoding: a decoder silently drops stray characters, which would make many cookies one.
    if (raw.length < IV_BYTES + TAG_BYTES || raw.toString('base64url') !== encoded) return null;
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
    for (const key of this.#keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(cookieName));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // Not this key (or tampered): try the next.
      }
    }
    return null;
  }
}
