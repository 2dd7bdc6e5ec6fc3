// Where a request may come from: its own origin, or one of a list of trusted origins (Django's CSRF_TRUSTED_ORIGINS); the CSRF add-on and WebSocket views check Origin with it.

/** One `csrf.trustedOrigins` entry: a scheme and a host (with its port), maybe with its subdomains. */
export interface TrustedOrigin {
  readonly scheme: string;
  readonly host: string;
  /** `https://*.example.com`: example.com and every subdomain of it. */
  readonly subdomains: boolean;
}

/**
 * Parse the entries: `https://admin.example.com`, `https://*.example.com`, `http://localhost:8080`,
 * or a bare host (`partner.example.org`, `*.example.org`), which means https.
 */
export function parseTrustedOrigins(entries: readonly string[]): TrustedOrigin[] {
  return entries.map((entry) => {
    const scheme = /^([a-z][a-z\d+.-]*):\/\//i.exec(entry);
    let host = (scheme ? entry.slice(scheme[0].length) : entry).toLowerCase().replace(/\/+$/, '');
    const subdomains = host.startsWith('*.') || host.startsWith('.');
    if (subdomains) host = host.slice(host.indexOf('.') + 1);
    return { scheme: scheme?.[1]?.toLowerCase() ?? 'https', host, subdomains };
  });
}

/** A URL's scheme (without ':') and host (lower-case, default port dropped), or null when it is not one. */
export function schemeAndHost(value: string): { scheme: string; host: string } | null {
  try {
    const url = new URL(value);
    if (url.host === '') return null;
    return { scheme: url.protocol.slice(0, -1), host: url.host };
  } catch {
    return null;
  }
}

/** Whether `host` is `pattern`, or (for a subdomain pattern) ends in `.pattern` (Django's is_same_domain). */
function sameDomain(host: string, entry: TrustedOrigin): boolean {
  return host === entry.host || (entry.subdomains && host.endsWith(`.${entry.host}`));
}

/** Whether `host` (of a Referer, any scheme) is one of the trusted entries' hosts. */
export function trustedHost(host: string, trusted: readonly TrustedOrigin[]): boolean {
  return trusted.some((entry) => sameDomain(host, entry));
}

/** Whether an origin (scheme and host) is one of the trusted entries. */
export function trustedOrigin(
  origin: { scheme: string; host: string },
  trusted: readonly TrustedOrigin[],
): boolean {
  return trusted.some((entry) => entry.scheme === origin.scheme && sameDomain(origin.host, entry));
}

/** The scheme and host a request was addressed to (Fastify's protocol and host honour trustProxy). */
export function requestOrigin(request: {
  scheme: string;
  host: string;
}): { scheme: string; host: string } | null {
  return schemeAndHost(`${request.scheme}://${request.host}`);
}

/**
 * Whether an `Origin` header names the request's own origin or a trusted one ('null' and anything
 * that is not a URL are neither).
 * @example originAllowed(request, request.headerValue('origin') ?? '', parseTrustedOrigins(['https://*.example.com']));
 */
export function originAllowed(
  request: { scheme: string; host: string },
  origin: string,
  trusted: readonly TrustedOrigin[],
): boolean {
  const found = schemeAndHost(origin);
  if (found === null) return false;
  const own = requestOrigin(request);
  if (own !== null && own.scheme === found.scheme && own.host === found.host) return true;
  return trustedOrigin(found, trusted);
}
