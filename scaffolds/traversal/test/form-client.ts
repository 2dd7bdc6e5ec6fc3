// A client for the functional tests that acts as a browser does with forms: it keeps the session cookie
// and sends back the CSRF token of the last page it read.
import type { Configurator } from 'ziggurat';

/** The app `config.makeApp()` makes (a Fastify instance). */
type App = Awaited<ReturnType<Configurator['makeApp']>>;
type Reply = Awaited<ReturnType<App['inject']>>;

/**
 * GET pages and POST forms through `app.inject()`, with the cookies the app set.
 * @example
 * const client = new FormClient(app);
 * await client.get('/');
 * await client.post('/', { text: 'Buy tea' }); // carries the page's csrf_token
 */
export class FormClient {
  readonly #app: App;
  readonly #cookies = new Map<string, string>();
  /** The CSRF token in the last page's form, if it had one. */
  token: string | undefined;

  constructor(app: App) {
    this.#app = app;
  }

  /** GET a page (and remember its form's CSRF token). */
  async get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.#send({ method: 'GET', url, headers });
  }

  /** POST a form with the last page's CSRF token (unless `fields` gives its own `csrf_token`). */
  async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const form = this.token === undefined ? fields : { csrf_token: this.token, ...fields };
    return this.#send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString(),
    });
  }

  async #send(request: {
    method: 'GET' | 'POST';
    url: string;
    headers: Record<string, string>;
    payload?: string;
  }): Promise<Reply> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = cookie === '' ? request.headers : { cookie, ...request.headers };
    const reply = await this.#app.inject({ ...request, headers });
    for (const { name, value, maxAge } of reply.cookies) {
      if (maxAge === 0) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const token = /name="csrf_token" value="([^"]+)"/.exec(reply.body)?.[1];
    if (token !== undefined) this.token = token;
    return reply;
  }
}
