// The application URL (`scheme://host[:port]`) that generated URLs start with: the request's own,
// or with parts replaced (Pyramid's _app_url, _scheme, _host and _port). A scheme's default port
// is never written, as browsers and Pyramid leave it out.

/** Options that replace parts of a generated URL's `scheme://host:port` prefix. */
export interface AppUrlOptions {
  /** The whole prefix, as written (`'https://cdn.example.com/app'`, or `''` for a path); wins over the others. */
  appUrl?: string;
  /** Replaces the request's scheme; without `port`, that scheme's default port (80 or 443) is used. */
  scheme?: string;
  /** Replaces the request's host (a port in it is used unless `port` is given). */
  host?: string;
  /** Replaces the port. */
  port?: string | number;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };

/**
 * A host and its port (null when it names none); an IPv6 address keeps its brackets.
 * @example splitHostPort('[::1]:8080') // ['[::1]', '8080']
 */
export function splitHostPort(host: string): [string, string | null] {
  const start = host.startsWith('[') ? host.indexOf(']') : 0;
  const colon = host.indexOf(':', Math.max(start, 0));
  return colon === -1 ? [host, null] : [host.slice(0, colon), host.slice(colon + 1)];
}

/**
 * `scheme://host[:port]`, without the port when it is the scheme's default or absent.
 * @example originOf('http', 'example.com', '80') // 'http://example.com'
 */
export function originOf(scheme: string, hostname: string, port: string | null): string {
  const shown = port === null || port === '' || DEFAULT_PORTS[scheme] === port ? '' : `:${port}`;
  return `${scheme}://${hostname}${shown}`;
}

/** What a request tells about where it was sent. */
interface RequestOrigin {
  readonly scheme: string;
  readonly host: string;
}

/**
 * The application URL of `request` with the parts `options` replace, as Pyramid's
 * `_partial_application_url`: a new scheme without a port takes that scheme's default port; a new
 * host without a port keeps the request's port.
 * @example applicationUrlFor(request, { scheme: 'https' }) // 'https://example.com'
 */
export function applicationUrlFor(request: RequestOrigin, options: AppUrlOptions): string {
  if (options.appUrl !== undefined) return options.appUrl;
  const [requestHost, requestPort] = splitHostPort(request.host);
  if (options.scheme === undefined && options.host === undefined && options.port === undefined) {
    return originOf(request.scheme, requestHost, requestPort);
  }
  const scheme = options.scheme ?? request.scheme;
  const [hostname, hostPort] = options.host === undefined ? [requestHost, null] : splitHostPort(options.host);
  let port = options.port === undefined ? null : String(options.port);
  if (port === null && options.scheme !== undefined) port = DEFAULT_PORTS[scheme] ?? null;
  if (port === null) port = options.host === undefined ? requestPort : (hostPort ?? requestPort);
  return originOf(scheme, hostname, port);
}
