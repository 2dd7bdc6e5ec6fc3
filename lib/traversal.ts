// Resource-tree traversal: Pyramid's algorithm over __getitem__, never touching other properties.

import type { Resource } from './types.js';
import { decodePathSegments } from './urldispatch/index.js';

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

function childLookup(resource: unknown): ((name: string) => unknown) | null {
  if (resource === null || typeof resource !== 'object') return null;
  const getitem = (resource as Resource).__getitem__;
  return typeof getitem === 'function' ? getitem.bind(resource) : null;
}

/** Resolve `.` and `..` (never above the root) in already-decoded segments. */
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
 * Walk `segments` from `root`: the first name with no child becomes the view name, the rest the
 * subpath; a segment starting with `@@` is always a view name.
 */
export async function traverseSegments(root: unknown, segments: readonly string[]): Promise<TraversalResult> {
  const names = normaliseSegments(segments);
  let context = root;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name.startsWith('@@'))
      return result(root, context, name.slice(2), names.slice(i + 1), names.slice(0, i));
    const lookup = childLookup(context);
    const child = lookup === null ? undefined : await lookup(name);
    if (child === undefined || child === null) {
      return result(root, context, name, names.slice(i + 1), names.slice(0, i));
    }
    context = child;
  }
  return result(root, context, '', [], names);
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

/** Traverse a raw (percent-encoded) path from `root`; a bad escape throws a 400 ZigguratError. */
export function traversePath(root: unknown, rawPath: string): Promise<TraversalResult> {
  return traverseSegments(root, decodePathSegments(rawPath));
}
