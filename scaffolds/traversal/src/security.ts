// Who the user is (HTTP Basic authentication against one editor account from the settings) and what they may do.
import {
  ACLHelper,
  Authenticated,
  constantTimeEqual,
  Everyone,
  extractHttpBasicCredentials,
  type Request,
  type SecurityPolicy,
} from 'ziggurat';
import { EDITORS } from './resources.js';

/**
 * Whether anyone can sign in to edit: only once the `auth.password` setting (AUTH_PASSWORD in the
 * environment) is set. Without it the pages say that editing is disabled instead of offering to sign in.
 * @example if (!editingEnabled(request)) return { editingDisabled: true };
 */
export function editingEnabled(request: Request): boolean {
  const password = request.registry.settings['auth.password'];
  return typeof password === 'string' && password !== '';
}

/** The one account that may edit; without a password nobody can sign in. */
export interface EditorAccount {
  user: string;
  password: string;
}

/** A signed-in user and the groups (principals) they belong to. */
export interface Identity {
  userid: string;
  groups: string[];
}

/**
 * Basic authentication with one editor account, and the resources' ACLs for permissions.
 * Browsers keep Basic credentials until they close; for log-out, keep the user in the session instead
 * (SessionAuthenticationHelper) with a login form.
 */
export class EditorSecurityPolicy implements SecurityPolicy {
  readonly #acl = new ACLHelper();

  constructor(private readonly account: EditorAccount) {}

  identity(request: Request): Identity | null {
    const credentials = extractHttpBasicCredentials(request);
    if (!credentials || this.account.password === '') return null;
    const matches =
      constantTimeEqual(credentials.username, this.account.user) &&
      constantTimeEqual(credentials.password, this.account.password);
    return matches ? { userid: credentials.username, groups: [EDITORS] } : null;
  }

  authenticatedUserid(request: Request): string | null {
    return this.identity(request)?.userid ?? null;
  }

  permits(request: Request, context: unknown, permission: string) {
    const identity = this.identity(request);
    const principals = identity
      ? [Everyone, Authenticated, `user:${identity.userid}`, ...identity.groups]
      : [Everyone];
    return this.#acl.permits(context, principals, permission);
  }

  remember(): [string, string][] {
    return [];
  }

  forget(): [string, string][] {
    return [];
  }
}
