// Whether a request's immediate peer is a proxy the app trusts, judged as Fastify judges trustProxy.
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/** Fastify's trustProxy option: true, addresses or CIDR ranges (a list, or a comma-separated string), a function, or a hop count. */
export type TrustProxy = FastifyServerOptions['trustProxy'];

/** Whether the peer that sent a request (its socket's remote address) is a trusted proxy. */
export type PeerTrust = (request: FastifyRequest) => boolean;

const NEVER: PeerTrust = () => false;

function byAddress(trusts: (address: string, hop: number) => boolean): PeerTrust {
  return (request) => {
    const address = request.raw.socket?.remoteAddress;
    return address !== undefined && trusts(address, 0);
  };
}

/**
 * Compile trustProxy the way Fastify does for `X-Forwarded-Host` and `X-Forwarded-Proto`, so that a
 * header Ziggurat honours only from proxies (X-Vhm-Root) is trusted exactly when those are: `true`
 * trusts every peer; addresses and CIDR ranges (an array, or a comma-separated string, with
 * `@fastify/proxy-addr`'s names such as `loopback`) trust those peers; a function is asked with the
 * peer's address and hop 0. A hop count trusts no peer: it cannot tell a proxy from a client that
 * connects directly, and Fastify 5 ignores it for the same reason.
 * @example peerTrust('127.0.0.1, 10.0.0.0/8')(request) // true when the socket's peer is one of them
 */
export function peerTrust(trustProxy: TrustProxy): PeerTrust {
  if (trustProxy === undefined || trustProxy === false || typeof trustProxy === 'number') return NEVER;
  if (trustProxy === true) return () => true;
  if (typeof trustProxy === 'function') return byAddress(trustProxy);
  const list = typeof trustProxy === 'string' ? trustProxy.split(',').map((item) => item.trim()) : trustProxy;
  return byAddress(proxyAddr.compile(list));
}
