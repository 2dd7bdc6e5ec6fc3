// The isAuthenticated predicate (view and route): whether the security policy names a user.
import { ConfigurationError } from '../errors.js';
import type { Request } from '../http/request.js';
import type { MaybePromise } from '../types.js';

/** The factory registered under `isAuthenticated`: true matches signed-in requests, false the others. */
export function isAuthenticatedPredicate(value: unknown) {
  if (typeof value !== 'boolean') {
    throw new ConfigurationError(`isAuthenticated must be true or false, got ${String(value)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const text = `isAuthenticated = ${value}`;
  const matches = (userid: unknown): boolean => (userid !== null && userid !== undefined) === value;
  return {
    text: () => text,
    phash: () => text,
    // Pyramid's request.is_authenticated: the policy's authenticated userid is not None.
    call(_subject: unknown, request: Request): MaybePromise<boolean> {
      const userid = request.authenticatedUserid;
      return userid instanceof Promise ? userid.then(matches) : matches(userid);
    },
  };
}
