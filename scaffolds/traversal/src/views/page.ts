// What every page's layout needs: breadcrumbs up the tree and who is signed in.
import { findRoot, lineage, type Request } from 'ziggurat';
import type { Document, Folder } from '../resources.js';
import { editingEnabled } from '../security.js';

/** One link of the breadcrumb trail. */
export interface Crumb {
  title: string;
  url: string;
}

/** The trail from the root to `resource` (the root first). */
export function breadcrumbs(request: Request, resource: Folder | Document): Crumb[] {
  return [...lineage(resource)]
    .reverse()
    .map((item) => ({ title: (item as Folder).title, url: request.resourcePath(item) }));
}

/** What the layout's header says about signing in: who is signed in, the sign-in link, or that nobody can. */
export function signInValues(request: Request, resource: Folder | Document | null) {
  const editing = editingEnabled(request);
  const login =
    editing && resource !== null
      ? `${request.resourcePath(findRoot(resource), '@@login')}?came_from=${encodeURIComponent(request.path)}`
      : null;
  return {
    user: (request.authenticatedUserid as string | null) ?? null,
    loginUrl: login,
    editingDisabled: !editing,
  };
}

/** The values the layout uses, for a page about `resource`. */
export function pageValues(request: Request, resource: Folder | Document) {
  return { crumbs: breadcrumbs(request, resource), ...signInValues(request, resource) };
}
