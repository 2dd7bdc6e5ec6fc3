// The not-found view's appendSlash (Pyramid's AppendSlashNotFoundViewFactory): `/foo` that no route
// matches is redirected to `/foo/` when a route's pattern matches that; otherwise the 404 goes on.
import type { MappedView } from '../config/state.js';
import { ConfigurationError } from '../errors.js';
import { HTTPRedirection, HTTPTemporaryRedirect, STATUS_CLASSES } from '../http/exceptions/index.js';
import type { Request } from '../http/request.js';
import { STATE } from '../symbols.js';
import { canonicalPath } from '../urldispatch/index.js';

/** A redirect class such as HTTPMovedPermanently: made with the location first. */
export type RedirectClass = new (location: string) => HTTPRedirection;

/** What `appendSlash` takes: true (307, which keeps the method and body), a redirect class or its status. */
export type AppendSlash = boolean | RedirectClass | number;

function describe(value: unknown): string {
  return typeof value === 'function' ? `class ${value.name}` : JSON.stringify(value);
}

/** The redirect class `appendSlash` names; anything else is a ConfigurationError at the call. */
export function redirectClassFor(appendSlash: AppendSlash, where: string): RedirectClass {
  if (appendSlash === true) return HTTPTemporaryRedirect;
  const cls = (typeof appendSlash === 'number' ? STATUS_CLASSES.get(appendSlash) : appendSlash) as
    | (RedirectClass & { status?: number })
    | undefined;
  // 304 Not Modified is an HTTPRedirection too, but it carries no location.
  const redirects =
    typeof cls === 'function' && cls.prototype instanceof HTTPRedirection && cls.status !== 304;
  if (redirects) return cls as RedirectClass;
  throw new ConfigurationError(
    `appendSlash must be true, a redirect class (e.g. HTTPMovedPermanently) or a redirect status, got ${describe(appendSlash)} at ${where}`,
    { code: 'ZIG_ERR_CONFIG_OPTION' },
  );
}

/** Whether some route's pattern (predicates aside, as Pyramid) matches `path` with a slash appended. */
function slashedPathMatches(request: Request, path: string): boolean {
  let canonical: string;
  try {
    canonical = canonicalPath(`${path}/`);
  } catch {
    return false; // a malformed path is no route's
  }
  for (const route of request.registry[STATE].routes.values()) {
    if (!route.static && route.compiled.match(canonical) !== null) return true;
  }
  return false;
}

/** Wrap the not-found view: redirect to the slash-appended path (query kept) when a route matches it. */
export function appendSlashView(notFound: MappedView, redirect: RedirectClass): MappedView {
  return (request: Request) => {
    const path = request.path;
    if (path.endsWith('/') || !slashedPathMatches(request, path)) return notFound(request);
    const url = request.fastify.request.url;
    const query = url.indexOf('?');
    return new redirect(`${path}/${query === -1 ? '' : url.slice(query)}`);
  };
}
