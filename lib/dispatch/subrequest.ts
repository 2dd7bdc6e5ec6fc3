// request.invokeSubrequest: another request run through the app in-process (Pyramid's invoke_subrequest).
// It enters where Fastify hands a request to Ziggurat: the route group Fastify's router would pick
// (an index built like Fastify's, on the first subrequest), then the runtime; Fastify's own hooks
// and static files are not on that way.
import { parse as parseQuery } from 'node:querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';
import { ZigguratError } from '../errors.js';
import { type Request, type SubrequestTarget, setSubrequestRunner } from '../http/request.js';
import type { Response } from '../http/response.js';
import { FallbackDispatch, type GroupDispatch } from './route-groups.js';
import type { Runtime } from './runtime.js';

type Dispatch = GroupDispatch | FallbackDispatch | null;

/** What an app needs to run subrequests: its runtime and where Fastify would route a method and path. */
interface SubrequestSupport {
  readonly runtime: Runtime;
  find(method: string, path: string): { dispatch: Dispatch; params: Record<string, string | undefined> };
}

const SUPPORT = new WeakMap<object, SubrequestSupport>();

/** A subrequest target, normalised: upper-case method, lower-case header names. */
interface Target {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: unknown;
}

function subrequestError(message: string): ZigguratError {
  return new ZigguratError('ZIG_ERR_SUBREQUEST', message);
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Where Fastify's router would send each method and path: the app's route groups under their
 * methods, as makeApp registers them; anything else goes where makeApp's catch-all sends it.
 */
function routeIndex(routed: readonly GroupDispatch[], runtime: Runtime) {
  let router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | null = null;
  return (method: string, path: string) => {
    if (router === null) {
      router = FindMyWay({ maxParamLength: 1000 });
      for (const dispatch of routed) {
        const { methods, fastifyPath } = dispatch.group;
        router.on(methods as FindMyWay.HTTPMethod[], fastifyPath, () => {}, dispatch);
      }
    }
    const found = router.find(method as FindMyWay.HTTPMethod, path);
    if (found) return { dispatch: found.store as Dispatch, params: found.params };
    const fallback = runtime.findAnyMethod(path);
    return { dispatch: fallback, params: fallback instanceof FallbackDispatch ? { ...fallback.params } : {} };
  };
}

/** Let requests of `app` run subrequests through `runtime` (makeApp calls this once it routed the groups). */
export function installSubrequests(
  app: FastifyInstance,
  runtime: Runtime,
  routed: readonly GroupDispatch[],
): void {
  SUPPORT.set(app, { runtime, find: routeIndex(routed, runtime) });
}

/** The support of the app a Fastify request belongs to (an encapsulated instance inherits its app's). */
function supportOf(server: unknown): SubrequestSupport {
  for (
    let instance = server;
    typeof instance === 'object' && instance !== null;
    instance = Object.getPrototypeOf(instance)
  ) {
    const support = SUPPORT.get(instance);
    if (support !== undefined) return support;
  }
  throw subrequestError('request.invokeSubrequest works on requests of an app made by makeApp');
}

function lowerCaseHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>> = {},
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) result[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
  }
  return result;
}

function normalise(target: SubrequestTarget, parent: FastifyRequest): Target {
  const init = typeof target === 'string' ? { path: target } : target;
  if (typeof init?.path !== 'string' || !init.path.startsWith('/')) {
    throw subrequestError(
      `request.invokeSubrequest needs a path starting with /, got ${JSON.stringify(init?.path)}`,
    );
  }
  const headers = lowerCaseHeaders(init.headers);
  // The parent's host (as it resolved it, proxies included), unless the subrequest names one.
  headers.host ??= parent.host;
  return { method: (init.method ?? 'GET').toUpperCase(), url: init.path, headers, body: init.body };
}

/** A string or Buffer body parsed as Fastify parses JSON and forms; any other value is already parsed. */
function parsedBody(target: Target): unknown {
  const { body } = target;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
  const type = String(target.headers['content-type'] ?? '').toLowerCase();
  const text = body.toString();
  if (type.startsWith('application/json')) return JSON.parse(text);
  if (type.startsWith('application/x-www-form-urlencoded')) return { ...parseQuery(text) };
  return body;
}

/**
 * The Fastify request a subrequest's Request wraps: the parent's, seen through the subrequest's
 * method, URL, headers, query, body and params (its log, server, connection and scheme stay the
 * parent's, so Fastify's getters such as `host` read the subrequest's headers).
 */
function standIn(parent: FastifyRequest, target: Target, params: Record<string, string | undefined>) {
  const raw = { method: target.method, url: target.url, headers: target.headers, socket: parent.raw.socket };
  const search = target.url.indexOf('?');
  const query = search === -1 ? {} : { ...parseQuery(target.url.slice(search + 1)) };
  const own = { raw, query, body: parsedBody(target), params, additionalHeaders: undefined };
  const request = Object.create(parent) as FastifyRequest;
  for (const [key, value] of Object.entries(own))
    Object.defineProperty(request, key, { value, writable: true });
  Object.defineProperty(request, 'protocol', { value: parent.protocol });
  return request;
}

/** A subrequest writes nothing to the connection: its Fastify reply refuses to be used. */
const NO_REPLY = new Proxy({} as FastifyReply, {
  get(_target, property) {
    // Symbols and `then` are asked by inspection and promise resolution, not by code using the reply.
    if (typeof property === 'symbol' || property === 'then') return undefined;
    throw subrequestError(
      `A subrequest has no Fastify reply (reply.${String(property)}): set status, headers and cookies on request.response`,
    );
  },
});

async function invokeSubrequest(
  parent: Request,
  target: SubrequestTarget,
  options: { useTweens?: boolean },
): Promise<Response> {
  const parentRaw = parent.fastify.request;
  const support = supportOf(parentRaw.server);
  const normalised = normalise(target, parentRaw);
  const { dispatch, params } = support.find(normalised.method, pathOf(normalised.url));
  const fastifyRequest = standIn(parentRaw, normalised, params);
  return support.runtime.runSubrequest(fastifyRequest, NO_REPLY, dispatch, options.useTweens === true);
}

setSubrequestRunner(invokeSubrequest);
