// Access control lists: resources carry `__acl__`, and the first matching entry up the lineage decides.

/** An ACE action. */
export const Allow = 'Allow';
export const Deny = 'Deny';
/** The principal every request has. */
export const Everyone = 'system.Everyone';
/** The principal every request with an authenticated user has. */
export const Authenticated = 'system.Authenticated';
/** An ACE permission that matches every permission. */
export const ALL_PERMISSIONS: unique symbol = Symbol.for('ziggurat.ALL_PERMISSIONS');

/** One access control entry: `[Allow | Deny, principal, permission(s)]`. */
export type ACE = readonly [
  typeof Allow | typeof Deny,
  string,
  string | readonly string[] | typeof ALL_PERMISSIONS,
];
/** An access control list, in order: the first matching entry wins. */
export type ACL = readonly ACE[];

/** Deny everyone everything: end an ACL with it to stop inheriting from the parents. */
export const DENY_ALL: ACE = Object.freeze([Deny, Everyone, ALL_PERMISSIONS] as const);

interface Located {
  __parent__?: unknown;
  __name__?: unknown;
  __acl__?: unknown;
}

/**
 * Why an ACL check came out as it did: the entry, the ACL and the resource that decided, or none.
 * `context` is the resource the permission was asked about; `location` is the resource (the
 * context or one of its parents) whose ACL decided. Porting note: Pyramid's
 * `ACLPermitsResult.context` is the deciding resource, which is `location` here.
 */
export class ACLPermitsResult {
  constructor(
    readonly allowed: boolean,
    readonly permission: string,
    readonly principals: readonly string[],
    /** The resource the permission was asked about (not Pyramid's `context`: see `location`). */
    readonly context: unknown,
    /** The entry that decided, or null when no entry matched anywhere (which denies). */
    readonly ace: ACE | null = null,
    /** The ACL that entry belongs to. */
    readonly acl: ACL | null = null,
    /** The resource whose ACL decided (Pyramid's `context`), or null when no entry matched. */
    readonly location: unknown = null,
  ) {}

  toString(): string {
    const verdict = this.allowed ? 'ACLAllowed' : 'ACLDenied';
    const who = `principals ${JSON.stringify(this.principals)}`;
    if (this.ace === null) {
      return `${verdict}: no ACE in the lineage of ${describe(this.context)} matches permission '${this.permission}' for ${who}`;
    }
    return (
      `${verdict}: permission '${this.permission}' via ACE ${describeAce(this.ace)} in the ACL of ` +
      `${describe(this.location)} (context ${describe(this.context)}) for ${who}`
    );
  }
}

function describe(resource: unknown): string {
  if (resource === null || typeof resource !== 'object') return String(resource);
  const name = (resource as Located).__name__;
  const className = (resource as object).constructor?.name ?? 'object';
  return typeof name === 'string' ? `<${className} '${name}'>` : `<${className}>`;
}

function describeAce([action, principal, permissions]: ACE): string {
  const shown = permissions === ALL_PERMISSIONS ? 'ALL_PERMISSIONS' : JSON.stringify(permissions);
  return `[${action}, ${JSON.stringify(principal)}, ${shown}]`;
}

function parentOf(resource: unknown): unknown {
  return resource !== null && typeof resource === 'object'
    ? ((resource as Located).__parent__ ?? null)
    : null;
}

/** The context and its parents, nearest first. */
function lineageOf(context: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let node = context; node !== null && node !== undefined; node = parentOf(node)) chain.push(node);
  return chain;
}

/** The ACL of a resource: its `__acl__` array, or what its `__acl__` function returns; null when none. */
function aclOf(resource: unknown): ACL | null {
  if (resource === null || typeof resource !== 'object') return null;
  const acl = (resource as Located).__acl__;
  const value = typeof acl === 'function' ? (acl as () => unknown).call(resource) : acl;
  return Array.isArray(value) ? (value as ACL) : null;
}

function grants(permissions: ACE[2], permission: string): boolean {
  if (permissions === ALL_PERMISSIONS) return true;
  return typeof permissions === 'string' ? permissions === permission : permissions.includes(permission);
}

/**
 * Decides permissions from `__acl__` attributes along a context's lineage, as Pyramid's ACLHelper.
 * @example
 * const result = new ACLHelper().permits(context, [Everyone, Authenticated, 'user:ada'], 'edit');
 * if (!result.allowed) request.fastify.request.log.info(String(result));
 */
export class ACLHelper {
  /** The first entry, nearest resource first, whose principal is one of `principals` and grants `permission`. */
  permits(context: unknown, principals: Iterable<string>, permission: string): ACLPermitsResult {
    const held = [...principals];
    const principalSet = new Set(held);
    for (const location of lineageOf(context)) {
      const acl = aclOf(location);
      if (acl === null) continue;
      for (const ace of acl) {
        const [action, principal, permissions] = ace;
        if (!principalSet.has(principal) || !grants(permissions, permission)) continue;
        return new ACLPermitsResult(action === Allow, permission, held, context, ace, acl, location);
      }
    }
    return new ACLPermitsResult(false, permission, held, context);
  }

  /**
   * The principals that `permits` would allow `permission` for (each alone). A deny of Everyone
   * nearer the context empties what the parents allowed.
   */
  principalsAllowedByPermission(context: unknown, permission: string): Set<string> {
    let allowed = new Set<string>();
    for (const location of lineageOf(context).reverse()) {
      const acl = aclOf(location);
      if (acl === null) continue;
      const allowedHere = new Set<string>();
      const deniedHere = new Set<string>();
      for (const [action, principal, permissions] of acl) {
        if (!grants(permissions, permission)) continue;
        if (action === Allow) {
          if (!deniedHere.has(principal)) allowedHere.add(principal);
          continue;
        }
        deniedHere.add(principal);
        if (principal === Everyone) {
          allowed = new Set();
          break;
        }
        allowed.delete(principal);
      }
      for (const principal of allowedHere) allowed.add(principal);
    }
    return allowed;
  }
}
