// The context of a matched request: the root its factory made, then traversal from it (along the
// route's `traverse` path, or the whole path without a route), honouring a trusted proxy's virtual root.
import type { RouteEntry } from '../config/state.js';
import { ZigguratError } from '../errors.js';
import { HTTPBadRequest } from '../http/exceptions/index.js';
import type { Request } from '../http/request.js';
import { decodePathSegments, type MatchValue } from '../urldispatch/index.js';
import { type GroupMatch, routeOf, routeTraverses } from './route-groups.js';
import {
  normaliseSegments,
  pathNames,
  type TraversalResult,
  traverseNames,
  traverseSegments,
  traverseVirtual,
} from './traversal.js';

const NO_SEGMENTS: readonly string[] = Object.freeze([]);
const NON_ASCII = /[\u0080-\uffff]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Pyramid's virtual hosting header: the path of the resource that acts as the root for URLs. */
const VIRTUAL_ROOT_HEADER = 'x-vhm-root';

/**
 * Set root, context and the traversal results on the request; answers the match it was given
 * once that is done (synchronously unless traversal is async). X-Vhm-Root applies to traversal
 * only (no route, or a route that traverses), and only from a peer `trustsPeer` trusts: from
 * anyone else, a client (or a shared cache it fed) could move a page.
 */
export function traverseFrom(
  request: Request,
  match: GroupMatch,
  root: unknown,
  trustsPeer: (request: Request) => boolean,
): GroupMatch | Promise<GroupMatch> {
  const route = routeOf(match);
  if (route !== null && !routeTraverses(route)) {
    request.root = request.context = request.virtualRoot = root;
    if (route.compiled.hasSubpath) request.subpath = matchedSubpath(request.matchdict.subpath);
    return match;
  }
  const virtualRoot =
    request.headers[VIRTUAL_ROOT_HEADER] !== undefined && trustsPeer(request)
      ? request.headerValue(VIRTUAL_ROOT_HEADER)
      : undefined;
  let found: TraversalResult | Promise<TraversalResult>;
  if (virtualRoot) {
    const segments = route === null ? decodedSegments(request.path) : routeSegments(route, request);
    found = traverseVirtual(root, decodedSegments(headerPath(virtualRoot)), segments);
  } else if (route === null) {
    // The common case, traversal of the whole path: decoded and normalised in one pass.
    found = traverseNames(root, requestNames(request.path));
  } else {
    found = traverseSegments(root, routeSegments(route, request));
  }
  if (found instanceof Promise) {
    return found.then((result) => {
      applyTraversal(request, result);
      return match;
    });
  }
  applyTraversal(request, found);
  return match;
}

function applyTraversal(request: Request, found: TraversalResult): void {
  request.root = found.root;
  request.context = found.context;
  request.viewName = found.viewName;
  // Traversal that used up its path leaves the subpath to the route's `*subpath` (Pyramid's rule).
  const route = request.matchedRoute as RouteEntry | null;
  request.subpath =
    found.viewName === '' && route?.compiled.hasSubpath
      ? matchedSubpath(request.matchdict.subpath)
      : found.subpath;
  request.traversed = found.traversed;
  request.virtualRoot = found.virtualRoot;
}

/** The path a route traverses: its `traverse` pattern filled from the matchdict, or its `*traverse`. */
function routeSegments(route: RouteEntry, request: Request): readonly string[] {
  if (route.traverse !== null) return decodedSegments(route.traverse.generate(request.matchdict));
  const remainder = request.matchdict.traverse;
  return Array.isArray(remainder) ? remainder : NO_SEGMENTS;
}

/**
 * The subpath a route's `*subpath` (the segments) or `{subpath}` (split at its slashes, `.` and `..`
 * resolved) gives, as Pyramid's traverser reads it from the matchdict.
 */
function matchedSubpath(value: MatchValue | undefined): readonly string[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? NO_SEGMENTS : normaliseSegments(value.split('/'));
}

/**
 * A header's value as the path it carries: Node reads header bytes as latin-1, so a proxy that sends
 * the path's UTF-8 bytes unescaped (as WSGI servers accept) is read back as UTF-8; invalid UTF-8 is a 400.
 */
function headerPath(value: string): string {
  if (!NON_ASCII.test(value)) return value;
  try {
    return encodeURI(UTF8.decode(Buffer.from(value, 'latin1')));
  } catch {
    throw new HTTPBadRequest({ detail: `The ${VIRTUAL_ROOT_HEADER} header is not valid UTF-8` });
  }
}

/** A malformed escape in a path the client sent is the client's mistake: a 400. */
function asClientError(error: unknown): unknown {
  if (error instanceof ZigguratError && error.statusCode === 400)
    return new HTTPBadRequest({ detail: error.message });
  return error;
}

/** Decoded path segments (400 for a malformed escape). */
function decodedSegments(rawPath: string): string[] {
  try {
    return decodePathSegments(rawPath);
  } catch (error) {
    throw asClientError(error);
  }
}

/** The names to traverse for a request path (400 for a malformed escape). */
function requestNames(rawPath: string): string[] {
  try {
    return pathNames(rawPath);
  } catch (error) {
    throw asClientError(error);
  }
}
