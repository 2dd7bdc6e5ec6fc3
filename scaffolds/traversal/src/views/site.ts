// The site-wide views: signing in, and the pages for 404 and 403.
import {
  forbiddenViewConfig,
  HTTPSeeOther,
  HTTPUnauthorized,
  inject,
  notFoundViewConfig,
  Request,
  viewConfig,
} from 'ziggurat';
import { Root } from '../resources.js';
import { editingEnabled } from '../security.js';
import { signInValues } from './page.js';

/** Only a path on this site (not `//elsewhere`) is a safe place to go back to after signing in. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** Signing in, 404 and 403. */
export class SiteViews {
  constructor(@inject(Request) private readonly request: Request) {}

  /** Needs `edit`, so an anonymous user is asked to sign in (see forbidden); then goes back. */
  @viewConfig({ context: Root, name: 'login', permission: 'edit' })
  login() {
    return new HTTPSeeOther(safeReturnPath(this.request.query.came_from));
  }

  @notFoundViewConfig({ renderer: 'notfound.hbs' })
  notFound() {
    return { title: 'Not found', path: this.request.path, crumbs: [], ...signInValues(this.request, null) };
  }

  /**
   * Anonymous users get the Basic authentication challenge, signed-in users a 403 page. While no
   * password is set nobody could answer the challenge (the browser would ask again and again): a 403
   * page saying that editing is disabled instead.
   */
  @forbiddenViewConfig({ renderer: 'forbidden.hbs' })
  forbidden() {
    if (this.request.authenticatedUserid === null && editingEnabled(this.request)) {
      return new HTTPUnauthorized({ headers: { 'WWW-Authenticate': 'Basic realm="__PROJECT_TITLE__"' } });
    }
    return {
      title: editingEnabled(this.request) ? 'Forbidden' : 'Editing is disabled',
      path: this.request.path,
      crumbs: [],
      ...signInValues(this.request, null),
    };
  }
}
