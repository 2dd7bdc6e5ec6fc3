// Who the user is (a user id in the session, looked up in the users table) and what they may do (the root's ACL).
import {
  type ACL,
  ACLHelper,
  Allow,
  Authenticated,
  DENY_ALL,
  Everyone,
  type PermitsResult,
  type Request,
  type SecurityPolicy,
  SessionAuthenticationHelper,
} from 'ziggurat';
import { EDITORS, groupsOf, UserRepository } from './models/users.js';

/** The permissions views name: everyone may view, editors may add and edit. */
export const VIEW = 'view';
export const ADD = 'add';
export const EDIT = 'edit';

/**
 * The root of the wiki: every route's context, carrying the ACL.
 * @example new ACLHelper().permits(new WikiRoot(), ['group:editors'], 'edit') // allowed
 */
export class WikiRoot {
  readonly __name__ = '';
  readonly __parent__ = null;
  readonly __acl__: ACL = [[Allow, Everyone, VIEW], [Allow, EDITORS, [ADD, EDIT]], DENY_ALL];
}

/** The logged-in user as the policy sees them. */
export interface WikiIdentity {
  userid: string;
  groups: string[];
}

/**
 * The wiki's security policy: SessionAuthenticationHelper keeps the user id in the session, the
 * users table says who that is (a deleted user is logged out), ACLHelper reads the root's ACL.
 * @example config.setSecurityPolicy(new WikiSecurityPolicy());
 */
export class WikiSecurityPolicy implements SecurityPolicy {
  readonly #helper = new SessionAuthenticationHelper();
  readonly #acl = new ACLHelper();

  async identity(request: Request): Promise<WikiIdentity | null> {
    const userid = this.#helper.authenticatedUserid(request);
    if (userid === null) return null;
    const user = await new UserRepository(request.db).find(userid);
    return user ? { userid: user.name, groups: groupsOf(user) } : null;
  }

  async authenticatedUserid(request: Request): Promise<string | null> {
    return ((await request.identity) as WikiIdentity | null)?.userid ?? null;
  }

  async permits(request: Request, context: unknown, permission: string): Promise<PermitsResult> {
    const identity = (await request.identity) as WikiIdentity | null;
    const principals = [Everyone];
    if (identity) principals.push(Authenticated, `user:${identity.userid}`, ...identity.groups);
    return this.#acl.permits(context, principals, permission);
  }

  remember(request: Request, userid: string): [string, string][] {
    return this.#helper.remember(request, userid);
  }

  forget(request: Request): [string, string][] {
    return this.#helper.forget(request);
  }
}
