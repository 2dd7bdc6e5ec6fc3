// remember and forget: ask the security policy for the headers that log a user in or out.
import type { Request } from '../http/request.js';
import { STATE } from '../symbols.js';

/**
 * The headers that remember `userid` (log in), from the security policy; none without a policy.
 * @example
 * return new HTTPFound('/', { headers: remember(request, user.id) });
 */
export function remember(
  request: Request,
  userid: string,
  options?: Record<string, unknown>,
): [string, string][] {
  const policy = request.registry[STATE].securityPolicy;
  return policy === null ? [] : policy.remember(request, userid, options);
}

/** The headers that forget the user (log out), from the security policy; none without a policy. */
export function forget(request: Request, options?: Record<string, unknown>): [string, string][] {
  const policy = request.registry[STATE].securityPolicy;
  return policy === null ? [] : policy.forget(request, options);
}
