// The ziggurat.allowed_hosts setting (Django's ALLOWED_HOSTS): parsed once, then matched per request.
import { ConfigurationError } from '../errors.js';
import { hostName } from './host.js';

/**
 * The hosts allowed when the setting is absent: the machine itself (`localhost` and its
 * subdomains, `127.0.0.1`, `[::1]`), as Django allows in debug mode. `app.inject()` sends
 * `localhost:80`, so tests need nothing; a deployed site answers 400 until its names are listed.
 */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = Object.freeze(['.localhost', '127.0.0.1', '[::1]']);

const SETTING = 'ziggurat.allowed_hosts';

function invalid(entry: string, why: string): ConfigurationError {
  return new ConfigurationError(
    `The ${SETTING} setting has an invalid entry ${JSON.stringify(entry)}: ${why}. ` +
      "Entries are host names without a port ('example.com', '[::1]'), '*.example.com' for its " +
      "subdomains, '.example.com' for it and its subdomains, or '*' for any host",
  );
}

/** The entries of the setting: an array, or a string of names separated by commas or whitespace. */
function entriesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item !== '');
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.map((item) => item.trim());
  }
  throw new ConfigurationError(
    `The ${SETTING} setting must be a list of host names (an array, or a string separated by ` +
      `commas or spaces), got ${JSON.stringify(value)}`,
  );
}

/**
 * The host names a site answers to, matched case-insensitively and without the port:
 * `example.com` exactly, `*.example.com` any subdomain of example.com (not example.com itself),
 * `.example.com` example.com and any subdomain (Django's form), `*` any host.
 * @example
 * const allowed = AllowedHosts.fromSetting('example.com *.example.com');
 * allowed.allows('www.example.com'); // true
 */
export class AllowedHosts {
  readonly #exact = new Set<string>();
  /** Suffixes such as `.example.com`: a host allowed by one ends with it. */
  readonly #suffixes: string[] = [];
  #any = false;

  /** Parse the setting's value (undefined: the defaults); a bad entry is a ConfigurationError. */
  static fromSetting(value: unknown): AllowedHosts {
    const entries = value === undefined || value === null ? DEFAULT_ALLOWED_HOSTS : entriesOf(value);
    if (entries.length === 0) {
      throw new ConfigurationError(
        `The ${SETTING} setting is empty: list the host names the site answers to, or '*' for any`,
      );
    }
    const allowed = new AllowedHosts();
    for (const entry of entries) allowed.#add(entry);
    return allowed;
  }

  #add(entry: string): void {
    if (entry === '*') {
      this.#any = true;
      return;
    }
    const subdomainsOnly = entry.startsWith('*.');
    const withApex = !subdomainsOnly && entry.startsWith('.');
    const name = entry.slice(subdomainsOnly ? 2 : withApex ? 1 : 0);
    if (name.includes('*')) throw invalid(entry, "'*' may only start an entry, as '*.'");
    const literal = name.startsWith('[');
    if (literal ? !name.endsWith(']') : name.includes(':')) {
      throw invalid(entry, 'a port does not belong in it (hosts match whatever their port)');
    }
    if (literal && name !== entry) throw invalid(entry, 'an IPv6 address has no subdomains');
    const normal = hostName(name);
    if (normal === null) throw invalid(entry, 'it is not a host name');
    if (subdomainsOnly || withApex) this.#suffixes.push(`.${normal}`);
    if (!subdomainsOnly) this.#exact.add(normal);
  }

  /** Whether `name` (lower-case, without port: what hostName gives) is allowed. */
  allows(name: string): boolean {
    if (this.#any || this.#exact.has(name)) return true;
    for (const suffix of this.#suffixes) if (name.endsWith(suffix)) return true;
    return false;
  }
}
