// Logging in and out, and what anonymous users and users without a permission see instead of a page.
import {
  forbiddenViewConfig,
  forget,
  HTTPSeeOther,
  inject,
  injectable,
  NO_PERMISSION_REQUIRED,
  Request,
  remember,
  viewConfig,
} from 'ziggurat';
import { UserRepository } from '../models/users.js';
import { localPath, withLayout } from './layout.js';
import { FRONT_PAGE } from './pages.js';

/**
 * The login form, logging in and out, and the forbidden view.
 * @example config.scan(authViews); // GET|POST /login, POST /logout
 */
@injectable()
export class AuthViews {
  readonly #request: Request;

  constructor(@inject(Request) request: Request) {
    this.#request = request;
  }

  @viewConfig({ routeName: 'login', renderer: 'login.hbs', requestMethod: 'GET' })
  form() {
    return this.#loginForm('', this.#cameFrom(this.#request.query.came_from), null);
  }

  @viewConfig({ routeName: 'login', renderer: 'login.hbs', requestMethod: 'POST' })
  async login() {
    const form = (this.#request.body ?? {}) as Record<string, unknown>;
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const cameFrom = this.#cameFrom(form.came_from);
    const user = await new UserRepository(this.#request.db).authenticate(username, password);
    if (!user) {
      this.#request.response.status = 400;
      return this.#loginForm(username, cameFrom, 'Wrong user name or password.');
    }
    return new HTTPSeeOther(cameFrom, { headers: remember(this.#request, user.name) });
  }

  @viewConfig({ routeName: 'logout', requestMethod: 'POST', permission: NO_PERMISSION_REQUIRED })
  logout() {
    const front = this.#request.routePath('view_page', { params: { pagename: FRONT_PAGE } });
    return new HTTPSeeOther(front, { headers: forget(this.#request) });
  }

  /** Anonymous users log in first (and come back here); logged-in users are told they may not. */
  @forbiddenViewConfig({ renderer: 'forbidden.hbs' })
  async forbidden() {
    if ((await this.#request.authenticatedUserid) === null) {
      const { pathname, search } = new URL(this.#request.url);
      const login = this.#request.routePath('login', { query: { came_from: `${pathname}${search}` } });
      return new HTTPSeeOther(login);
    }
    this.#request.response.status = 403;
    return withLayout(this.#request, { title: 'Forbidden' });
  }

  #cameFrom(value: unknown): string {
    return localPath(value) ?? this.#request.routePath('view_page', { params: { pagename: FRONT_PAGE } });
  }

  #loginForm(username: string, cameFrom: string, message: string | null) {
    return withLayout(this.#request, { title: 'Log in', username, cameFrom, message });
  }
}
