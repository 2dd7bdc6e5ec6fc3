// Driving the example wiki's forms through app.inject() with a cookie jar, as a browser would.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { CookieJar } from '../helpers.js';

/** What `jar.call` answers. */
export type Reply = Awaited<ReturnType<CookieJar['call']>>;

/** The CSRF token in a page's forms. */
export function tokenIn(html: string): string {
  const token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page has a form with a CSRF token');
  return token;
}

/** POST a form, as a browser would. */
export function post(jar: CookieJar, app: FastifyInstance, url: string, fields: Record<string, string>) {
  return jar.call(app, {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** Log in through the form (taking its CSRF token first). */
export async function logIn(jar: CookieJar, app: FastifyInstance, username: string, password: string) {
  const form = await jar.call(app, '/login');
  return post(jar, app, '/login', { csrf_token: tokenIn(form.body), username, password, came_from: '' });
}

/** A redirect's status and location. */
export function redirect(reply: Reply): [number, string | undefined] {
  return [reply.status, reply.headers.location as string | undefined];
}
