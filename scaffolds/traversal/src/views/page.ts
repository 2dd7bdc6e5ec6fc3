// What every page's layout needs: breadcrumbs up the tree and who is signed in.
import { findRoot, lineage, type Request } from 'ziggurat';
import type { Document, Folder } from '../resources.js';

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

/** The values the layout uses, for a page about `resource`. */
export function pageValues(request: Request, resource: Folder | Document) {
  return {
    crumbs: breadcrumbs(request, resource),
    user: (request.authenticatedUserid as string | null) ?? null,
    loginUrl: `${request.resourcePath(findRoot(resource), '@@login')}?came_from=${encodeURIComponent(request.path)}`,
  };
}
