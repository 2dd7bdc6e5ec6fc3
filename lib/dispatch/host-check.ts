// The first thing every request meets (static files included): a malformed Host, several Host
// headers, or a host the ziggurat.allowed_hosts setting does not list answer 400 before anything runs.
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ErrorCode } from '../errors.js';
import { AllowedHosts } from '../http/allowed-hosts.js';
import { HTTPBadRequest } from '../http/exceptions/index.js';
import { hostName } from '../http/host.js';
import { peerTrust, type TrustProxy } from './proxy-trust.js';
import type { Runtime } from './runtime.js';
import { writeResponse } from './send-response.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Answer whatever host the request names (a load balancer's probe by IP address, say): the
     * route skips the ziggurat.allowed_hosts check. A malformed Host is refused all the same.
     */
    zigguratAnyHost?: boolean;
  }
}

/** How many distinct refused hosts are logged as warnings; the rest only at debug level. */
const WARN_LIMIT = 100;
/** How many Host values that passed are remembered, so the common ones are checked once. */
const GOOD_LIMIT = 64;

/** Whether a header name is `Host`, in any case (compared by character: no lower-cased copy per request). */
function isHost(name: string): boolean {
  return (
    name.length === 4 &&
    (name.charCodeAt(0) | 0x20) === 0x68 &&
    (name.charCodeAt(1) | 0x20) === 0x6f &&
    (name.charCodeAt(2) | 0x20) === 0x73 &&
    (name.charCodeAt(3) | 0x20) === 0x74
  );
}

/** Whether the request carries one Host header at most (Node keeps the first of several). */
function singleHost(raw: IncomingMessage): boolean {
  const headers = raw.rawHeaders;
  let seen = 0;
  for (let i = 0; i < headers.length; i += 2) {
    if (isHost(headers[i] as string) && ++seen > 1) return false;
  }
  return true;
}

function exempt(request: FastifyRequest): boolean {
  return request.routeOptions.config?.zigguratAnyHost === true;
}

function refusal(code: ErrorCode, detail: string): HTTPBadRequest {
  return new HTTPBadRequest({ detail: `${detail} (${code})` });
}

/** The Host checks of one app, with the allowed hosts its commit parsed from the settings. */
export class HostCheck {
  readonly #allowed: AllowedHosts;
  /** Host values (as sent) that passed every check, so the usual ones cost one look-up. */
  readonly #good = new Set<string>();
  /** The last of them seen: most requests name the host the one before did (no hashing then). */
  #last: string | null = null;
  /** Refused host names already logged as warnings. */
  readonly #warned = new Set<string>();

  /** The header each response carries its request's id in (X-Request-Id, when the request log is on), or null. */
  readonly #requestIdHeader: string | null;

  /** `allowed` as committed (null: the defaults). */
  constructor(allowed: AllowedHosts | null, requestIdHeader: string | null = null) {
    this.#allowed = allowed ?? AllowedHosts.fromSetting(undefined);
    this.#requestIdHeader = requestIdHeader;
  }

  /** The 400 to answer `request` with, or null when its host may be served. */
  problem(request: FastifyRequest): HTTPBadRequest | null {
    // request.host is what the app will use: X-Forwarded-Host when Fastify trusts the peer.
    const host = request.host;
    if (!singleHost(request.raw)) {
      request.log.debug({ code: 'ZIG_ERR_BAD_HOST' }, 'Refused a request with several Host headers');
      return refusal('ZIG_ERR_BAD_HOST', 'The request has several Host headers');
    }
    if (host === this.#last) return null;
    if (this.#good.has(host)) {
      this.#last = host;
      return null;
    }
    if (host === '' && request.raw.headers.host === undefined) {
      // HTTP/1.0 may omit Host: no host is allowed then, but a route that takes any host answers.
      return exempt(request) ? null : refusal('ZIG_ERR_HOST_NOT_ALLOWED', 'The request names no host');
    }
    const name = hostName(host);
    if (name === null) {
      request.log.debug({ code: 'ZIG_ERR_BAD_HOST', host: host.slice(0, 300) }, 'Refused a malformed Host');
      return refusal('ZIG_ERR_BAD_HOST', 'The Host header is malformed');
    }
    if (this.#allowed.allows(name)) {
      if (this.#good.size < GOOD_LIMIT) this.#good.add(host);
      return null;
    }
    if (exempt(request)) return null;
    this.#logRefused(request, name);
    return refusal('ZIG_ERR_HOST_NOT_ALLOWED', 'This site does not answer to the host the request names');
  }

  /** With the request log on, send the request's id back (X-Request-Id) on whatever it is answered. */
  stamp(request: FastifyRequest, reply: FastifyReply): void {
    // Set once, first, rather than by an onSend hook of its own: Fastify keeps reply headers through
    // errors and not-found answers, so every response carries it.
    if (this.#requestIdHeader !== null) reply.header(this.#requestIdHeader, request.id);
  }

  /** Stamp the request, then answer the 400 when its host may not be served; whether it did. */
  screen(request: FastifyRequest, reply: FastifyReply): boolean {
    this.stamp(request, reply);
    const problem = this.problem(request);
    if (problem === null) return false;
    writeResponse(reply, problem, request.method, request.headers.accept);
    return true;
  }

  /** The onRequest hook: refuse a bad host before routing goes on, static files included. */
  readonly onRequest = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    if (!this.screen(request, reply)) done();
  };

  /** A warning the first time a host is refused (for the first WARN_LIMIT hosts), then debug. */
  #logRefused(request: FastifyRequest, name: string): void {
    const first = this.#warned.size < WARN_LIMIT && !this.#warned.has(name);
    if (first) this.#warned.add(name);
    const level = first ? 'warn' : 'debug';
    request.log[level](
      { code: 'ZIG_ERR_HOST_NOT_ALLOWED', host: name },
      `Refused requests for host '${name}': add it to the ziggurat.allowed_hosts setting if the site should answer to it`,
    );
  }
}

/**
 * Set up the checks at the edge of an app: returns the onRequest hook that checks Host, and gives
 * the runtime the same checks (for errors Fastify answers before any hook) and the proxy trust it
 * honours X-Vhm-Root by (Fastify's trustProxy option, which its initialConfig does not keep). Given a
 * `requestIdHeader` (the request log is on), the hook also sends the request id back in it.
 * @example app.addHook('onRequest', edgeHook(runtime, state.allowedHosts, options.trustProxy));
 */
export function edgeHook(
  runtime: Runtime,
  allowed: AllowedHosts | null,
  trustProxy: TrustProxy,
  requestIdHeader: string | null = null,
): onRequestHookHandler {
  const hosts = new HostCheck(allowed, requestIdHeader);
  runtime.setEdge(hosts, peerTrust(trustProxy));
  return hosts.onRequest;
}
