// /api/session: how a JSON client logs in. The session cookie says who it is, as for the HTML pages,
// so every POST, PUT and DELETE sends the session's CSRF token in the X-CSRF-Token header.
import {
  type Configurator,
  forget,
  HTTPBadRequest,
  NO_PERMISSION_REQUIRED,
  type Request,
  remember,
} from 'ziggurat';
import { UserRepository } from '../models/users.js';
import { Credentials, SessionState } from './schemas.js';

/** Who is logged in and the session's CSRF token (after log-in or log-out: the new one). */
function sessionState(request: Request, user: string | null) {
  return { user, csrfToken: request.csrfToken };
}

/** The policy's headers (none for the session helper, which changes the session itself) on the answer. */
function withHeaders(request: Request, headers: [string, string][]): void {
  for (const [name, value] of headers) request.response.headers.append(name, value);
}

const TAGS = ['session'];
const ANSWER = { response: { 200: SessionState } };

/**
 * The session API's views on the route `api_session` (/api/session).
 * @example config.include(addSessionViews);
 */
export function addSessionViews(config: Configurator): void {
  config.addView(
    async (request) => sessionState(request, (await request.authenticatedUserid) as string | null),
    {
      routeName: 'api_session',
      requestMethod: 'GET',
      renderer: 'json',
      summary: 'Who is logged in, and the CSRF token to send',
      tags: TAGS,
      operationId: 'getSession',
      schema: ANSWER,
    },
  );
  config.addView(
    async (request) => {
      const { username, password } = request.validated.body;
      const user = await new UserRepository(request.db).authenticate(username.trim(), password);
      if (!user) throw new HTTPBadRequest({ detail: 'Wrong user name or password.' });
      withHeaders(request, remember(request, user.name));
      // Not request.authenticatedUserid: the permission check asked it already, before log-in.
      return sessionState(request, user.name);
    },
    {
      routeName: 'api_session',
      requestMethod: 'POST',
      renderer: 'json',
      summary: 'Log in',
      description: 'Answers the new CSRF token: the one known before log-in no longer passes.',
      tags: TAGS,
      operationId: 'logIn',
      schema: { body: Credentials, ...ANSWER },
    },
  );
  config.addView(
    (request) => {
      withHeaders(request, forget(request));
      return sessionState(request, null);
    },
    {
      routeName: 'api_session',
      requestMethod: 'DELETE',
      renderer: 'json',
      permission: NO_PERMISSION_REQUIRED,
      summary: 'Log out',
      tags: TAGS,
      operationId: 'logOut',
      schema: ANSWER,
    },
  );
}
