// Resource-tree traversal: Pyramid's algorithm over __getitem__, and the helpers that walk a tree.
// Only __getitem__, __name__ and __parent__ are ever read from a resource: a path segment such as
// `constructor` or `__proto__` is only ever an argument to __getitem__.
import { ZigguratError } from '../errors.js';
import type { MaybePromise, Resource } from '../types.js';
import { decodePathSegment, decodePathSegments, quoteSegment } from '../urldispatch/index.js';

/** What traversal found. */
export interface TraversalResult {
  context: unknown;
  root: unknown;
  viewName: string;
  subpath: string[];
  traversed: string[];
  virtualRoot: unknown;
}

/** The root used when no root factory is set: a resource with no children. */
export class DefaultRoot implements Resource {
  readonly __name__ = '';
  readonly __parent__ = null;
}

/** findResource did not end at a resource. */
export class ResourceNotFoundError extends ZigguratError {
  constructor(path: string, missing: string) {
    super('ZIG_ERR_RESOURCE_NOT_FOUND', `No resource at '${path}': '${missing}' has no such child`);
  }
}

type Getitem = (this: unknown, name: string) => MaybePromise<unknown>;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** The child `name` of a resource: a value, a promise of one, or undefined (no __getitem__ or no child). */
function lookupChild(resource: unknown, name: string): unknown {
  if (resource === null || typeof resource !== 'object') return undefined;
  const getitem = (resource as { __getitem__?: unknown }).__getitem__;
  return typeof getitem === 'function' ? (getitem as Getitem).call(resource, name) : undefined;
}

/** The child `name` of a resource, or undefined (no __getitem__, or no such child). */
export async function child(resource: unknown, name: string): Promise<unknown> {
  const found = await lookupChild(resource, name);
  return found === null ? undefined : found;
}

/** Resolve `.` and `..` (never above the root) in already-decoded segments, dropping empty ones. */
export function normaliseSegments(segments: readonly string[]): string[] {
  const result: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') result.pop();
    else result.push(segment);
  }
  return result;
}

/**
 * The names traversal walks for a raw request path: each segment decoded, then empty ones and `.`
 * dropped and `..` going up (never above the root). One pass over the path, as
 * normaliseSegments(decodePathSegments(path)) gives; a malformed escape throws a 400 ZigguratError.
 * @example pathNames('/a//b%20c/./d/../e') // ['a', 'b c', 'e']
 */
export function pathNames(rawPath: string): string[] {
  const names: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '') continue;
    // Most segments have no escape: no decoding to do (decodeURIComponent would give them back as they are).
    const name = segment.includes('%') ? decodePathSegment(segment) : segment;
    if (name === '.') continue;
    if (name === '..') names.pop();
    else names.push(name);
  }
  return names;
}

/**
 * Walk `segments` from `root`: the first name with no child becomes the view name, the rest the
 * subpath; a segment starting with `@@` is always a view name. Synchronous until a __getitem__
 * answers with a promise.
 */
export function traverseSegments(
  root: unknown,
  segments: readonly string[],
): TraversalResult | Promise<TraversalResult> {
  return walk(root, root, normaliseSegments(segments), 0);
}

/** traverseSegments for names already normalised (as pathNames gives them). */
export function traverseNames(root: unknown, names: string[]): TraversalResult | Promise<TraversalResult> {
  return walk(root, root, names, 0);
}

function walk(
  root: unknown,
  start: unknown,
  names: string[],
  from: number,
): TraversalResult | Promise<TraversalResult> {
  let context = start;
  for (let i = from; i < names.length; i++) {
    const name = names[i] as string;
    if (name.startsWith('@@'))
      return result(root, context, name.slice(2), names.slice(i + 1), names.slice(0, i));
    const next = lookupChild(context, name);
    if (isThenable(next)) return Promise.resolve(next).then((found) => step(root, context, found, names, i));
    if (next === undefined || next === null)
      return result(root, context, name, names.slice(i + 1), names.slice(0, i));
    context = next;
  }
  return result(root, context, '', [], names);
}

function step(
  root: unknown,
  context: unknown,
  found: unknown,
  names: string[],
  i: number,
): TraversalResult | Promise<TraversalResult> {
  if (found === undefined || found === null) {
    return result(root, context, names[i] as string, names.slice(i + 1), names.slice(0, i));
  }
  return walk(root, found, names, i + 1);
}

function result(
  root: unknown,
  context: unknown,
  viewName: string,
  subpath: string[],
  traversed: string[],
): TraversalResult {
  return { root, context, viewName, subpath, traversed, virtualRoot: root };
}

/**
 * The resource, then each of its parents up to the root.
 * @example lineage(document).map((r) => r.__name__) // ['doc', 'folder', '']
 */
export function lineage(resource: Resource): Resource[] {
  const chain: Resource[] = [];
  for (let node: Resource | null = resource; node !== null && node !== undefined; node = node.__parent__) {
    chain.push(node);
  }
  return chain;
}

/** The root of the tree a resource belongs to. */
export function findRoot(resource: Resource): Resource {
  return lineage(resource).at(-1) ?? resource;
}

/**
 * The names from the root down to the resource, the root's own name first (''), then `elements`.
 * @example resourcePathTuple(document) // ['', 'folder', 'doc']
 * @example resourcePathTuple(document, 'edit') // ['', 'folder', 'doc', 'edit']
 */
export function resourcePathTuple(resource: Resource, ...elements: string[]): string[] {
  const names = lineage(resource)
    .map((node) => (node.__parent__ === null ? '' : String(node.__name__)))
    .reverse();
  return [...names, ...elements];
}

/**
 * The physical path of a resource (no virtual root, no trailing slash), names quoted, then `elements`;
 * findResource reads it back. Use request.resourcePath for URLs.
 * @example resourcePath(document) // '/folder/doc'
 * @example resourcePath(root) // '/'
 */
export function resourcePath(resource: Resource, ...elements: string[]): string {
  const [, ...names] = resourcePathTuple(resource, ...elements);
  return `/${names.map(quoteSegment).join('/')}`;
}

/**
 * Whether `resource` is `ancestor` or one of its descendants (Pyramid's `inside`).
 * @example inside(document, folder) // true
 */
export function inside(resource: Resource, ancestor: Resource): boolean {
  return lineage(resource).includes(ancestor);
}

/** The nearest resource in the lineage (the resource itself included) that is an instance of `cls`. */
export function findAncestor<T>(
  resource: Resource,
  cls: abstract new (...args: never[]) => T,
): T | undefined {
  return lineage(resource).find((node): node is Resource & T => node instanceof cls);
}

function segmentsOf(path: string | readonly string[]): { absolute: boolean; names: string[] } {
  if (typeof path !== 'string') {
    const absolute = path[0] === '';
    return { absolute, names: normaliseSegments(absolute ? path.slice(1) : path) };
  }
  return { absolute: path.startsWith('/'), names: normaliseSegments(decodePathSegments(path)) };
}

/**
 * The resource at `path`: absolute (`/a/b`, from the root) or relative (`b/c`, from `resource`);
 * also a tuple as resourcePathTuple gives. Throws ResourceNotFoundError when a name has no child.
 * @example await findResource(root, '/folder/doc')
 */
export async function findResource(resource: Resource, path: string | readonly string[]): Promise<Resource> {
  const { absolute, names } = segmentsOf(path);
  let node: unknown = absolute ? findRoot(resource) : resource;
  for (const name of names) {
    const next = await child(node, name);
    if (next === undefined)
      throw new ResourceNotFoundError(typeof path === 'string' ? path : path.join('/'), name);
    node = next;
  }
  return node as Resource;
}

/**
 * Traverse `path` from `resource` (absolute paths from its root), as a request would.
 * @example const { context, viewName } = await traverse(root, '/folder/doc/edit');
 */
export async function traverse(resource: Resource, path: string | readonly string[]) {
  const { absolute, names } = segmentsOf(path);
  const start = absolute ? findRoot(resource) : resource;
  const found = await traverseSegments(start, names);
  return {
    context: found.context,
    viewName: found.viewName,
    subpath: found.subpath,
    traversed: found.traversed,
    root: findRoot(start),
  };
}

/**
 * Traverse `segments` below a virtual root (Pyramid's X-Vhm-Root): the walk covers the virtual
 * root's path plus the request's, and the resource at the virtual root's path (or the root, when
 * that path does not exist) becomes `virtualRoot`, which generated resource URLs are relative to.
 */
export async function traverseVirtual(
  root: unknown,
  virtualRootSegments: readonly string[],
  segments: readonly string[],
): Promise<TraversalResult> {
  const prefix = normaliseSegments(virtualRootSegments);
  const found = await traverseSegments(root, [...prefix, ...segments]);
  let virtualRoot = root;
  for (const name of prefix) {
    const next = await child(virtualRoot, name);
    if (next === undefined) return { ...found, virtualRoot: root };
    virtualRoot = next;
  }
  return { ...found, virtualRoot };
}
