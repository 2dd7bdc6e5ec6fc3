// The pathInfo predicate: a regex (or list of them) matched at the start of the decoded request path,
// as Pyramid's `re.match` against `request.upath_info` (so `/\d+` matches `/12/edit`, not `/a/12`).
import { ConfigurationError } from '../errors.js';
import { HTTPBadRequest } from '../http/exceptions/index.js';
import type { Request } from '../http/request.js';

function compile(source: unknown): RegExp {
  if (typeof source !== 'string' && !(source instanceof RegExp)) {
    throw new ConfigurationError(`pathInfo must be a regex or a string, got ${String(source)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  try {
    // Sticky: a match must start at lastIndex (always 0), which anchors it at the path's start.
    const flags = source instanceof RegExp ? source.flags.replace(/[gy]/g, '') : '';
    return new RegExp(source instanceof RegExp ? source.source : source, `${flags}y`);
  } catch (error) {
    throw new ConfigurationError(`pathInfo has an invalid regex: ${String(error)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
}

/** The request path fully percent-decoded (`%2F` too), as Pyramid's path_info; a bad escape is a 400. */
function decodedPath(request: Request): string {
  const raw = request.path;
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HTTPBadRequest({
      detail: `The path ${JSON.stringify(raw)} has a malformed percent escape or invalid UTF-8`,
    });
  }
}

function matchesAtStart(pattern: RegExp, path: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(path);
}

/** The factory registered under `pathInfo`: matches when any regex matches the start of the path. */
export function pathInfoPredicate(value: unknown) {
  const patterns = (Array.isArray(value) ? value : [value]).map(compile);
  const sources = patterns.map((p) => p.source);
  const text = `pathInfo = ${sources.join(', ')}`;
  const hash = `pathInfo = ${[...sources].sort().join(', ')}`;
  return {
    text: () => text,
    phash: () => hash,
    call(_context: unknown, request: Request): boolean {
      const path = decodedPath(request);
      return patterns.some((pattern) => matchesAtStart(pattern, path));
    },
  };
}
