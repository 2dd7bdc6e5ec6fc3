// What every page's layout needs besides the view's own values: who is logged in.
import type { Request } from 'ziggurat';

/** The values the layout reads, on top of a view's own. */
export interface LayoutValues {
  /** The logged-in user's name, or null. */
  user: string | null;
  /** The login form, coming back to this page afterwards. */
  loginUrl: string;
}

/**
 * A view's values plus the layout's (the security policy is async, so views await it for the template).
 * @example return withLayout(this.request, { title: 'FrontPage' });
 */
export async function withLayout<T extends object>(request: Request, values: T): Promise<T & LayoutValues> {
  const user = (await request.authenticatedUserid) as string | null;
  const onLoginPage = request.matchedRoute?.name === 'login';
  const query = onLoginPage ? {} : { came_from: request.path };
  return { ...values, user, loginUrl: request.routePath('login', { query }) };
}

/**
 * `value` when it is a path on this site (so a redirect to it cannot leave the wiki), else undefined.
 * @example localPath('/FrontPage') // '/FrontPage'; localPath('//evil.example/') // undefined
 */
export function localPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/')) return undefined;
  // `//host` and `/\host` leave the site in browsers; whitespace and control characters have no place in a path.
  if (/^\/[/\\]|[\s\\]|\p{Cc}/u.test(value)) return undefined;
  return value;
}
