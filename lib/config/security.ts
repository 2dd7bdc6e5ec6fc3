// setSecurityPolicy (an object, or a class the container makes) and setDefaultPermission.
import { ConfigurationError } from '../errors.js';
import type { SecurityPolicy } from '../types.js';
import { isClass } from '../views/view-mapper.js';
import { PHASE } from './actions.js';
import { instanceOf } from './container-classes.js';
import type { ConfigContext } from './context.js';
import type { ConfigState } from './state.js';

/** A permission that exempts a view from the default permission. */
export const NO_PERMISSION_REQUIRED = '__no_permission_required__';

const POLICY_METHODS = ['identity', 'authenticatedUserid', 'permits', 'remember', 'forget'] as const;

/** A security policy class: made once by the registry's container, with its injected services. */
export type SecurityPolicyClass = abstract new (...args: any[]) => SecurityPolicy;

/**
 * Record the security policy: an object, or a class the container makes once (with its injected
 * services) when the commit runs the action.
 */
export function setSecurityPolicy(ctx: ConfigContext, policy: SecurityPolicy | SecurityPolicyClass): void {
  if (isClass(policy)) {
    const made = instanceOf<SecurityPolicy>(ctx, policy, 'security policy class', POLICY_METHODS);
    ctx.record(
      'security policy',
      () => {
        made.register();
        ctx.state.securityPolicy = made.instance();
      },
      PHASE.POLICIES,
    );
    return;
  }
  const object = policy as SecurityPolicy;
  const missing = POLICY_METHODS.filter((method) => typeof object?.[method] !== 'function');
  if (missing.length > 0) {
    throw new ConfigurationError(`setSecurityPolicy: the policy lacks ${missing.join(', ')} at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  ctx.record('security policy', () => void (ctx.state.securityPolicy = object), PHASE.POLICIES);
}

/** Record the permission views without their own permission require. */
export function setDefaultPermission(ctx: ConfigContext, permission: string): void {
  if (typeof permission !== 'string' || permission === '') {
    throw new ConfigurationError(`setDefaultPermission needs a permission name at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  ctx.record('default permission', () => void (ctx.state.defaultPermission = permission), PHASE.POLICIES);
}

/** The permission a view requires: its own, else the default; none for NO_PERMISSION_REQUIRED. */
export function effectivePermission(state: ConfigState, permission: string | null): string | null {
  const required = permission ?? state.defaultPermission;
  return required === NO_PERMISSION_REQUIRED ? null : required;
}
