// Every error Ziggurat raises, with its stable code. Codes are public: never reuse or rename one.
import { distance } from 'fastest-levenshtein';

/** The table of error codes; the README's error table lists the same entries. */
export const ErrorCodes = {
  ZIG_ERR_CONFIG: 'A configuration mistake found at commit time',
  ZIG_ERR_CONFIG_CONFLICT: 'Two configuration actions claim the same thing',
  ZIG_ERR_CONFIG_EXECUTION: 'A configuration action failed while it ran at commit time',
  ZIG_ERR_CONFIG_OPTION: 'An unknown or invalid option was passed to a directive',
  ZIG_ERR_ROUTE_PATTERN: 'A route pattern does not follow the grammar',
  ZIG_ERR_ROUTE_UNKNOWN: 'A URL was asked for a route name that does not exist',
  ZIG_ERR_ROUTE_PARAM: 'A URL was asked for without a parameter its route needs, or with one it cannot carry',
  ZIG_ERR_ROUTE_EXTERNAL:
    'A path, or a URL with appUrl, was asked for an external route (one that points to another site)',
  ZIG_ERR_TWEEN_ORDER:
    'Tweens cannot be ordered: a hint or the ziggurat.tweens setting names no tween, or the hints form a cycle',
  ZIG_ERR_RENDERER_UNKNOWN: 'A view names a renderer that is not registered',
  ZIG_ERR_VIEW_RESULT: 'A view returned something that is not a Response and it has no renderer',
  ZIG_ERR_PREDICATE_UNKNOWN:
    'No longer raised: an unknown view or route option, predicate or not, is ZIG_ERR_CONFIG_OPTION',
  ZIG_ERR_DIRECTIVE: 'A directive name clashes with an existing Configurator method',
  ZIG_ERR_NO_SESSION: 'request.session was used but no session factory is configured',
  ZIG_ERR_NO_STATIC: 'request.staticUrl was asked for a path no static view serves',
  ZIG_ERR_RESOURCE_NOT_FOUND: 'findResource did not end at a resource',
  ZIG_ERR_BAD_PATH: 'A request path has a malformed percent escape or invalid UTF-8',
  ZIG_ERR_NO_REQUEST: 'The Request was injected outside a request, or into a singleton service',
  ZIG_ERR_SESSION_TOO_LARGE: 'The session no longer fits in a cookie (browsers keep at most 4093 bytes)',
  ZIG_ERR_TEMPLATE_NOT_FOUND:
    'A view names a template that is in none of the template directories, or a template names a partial that does not exist',
  ZIG_ERR_TEMPLATE:
    'A template does not compile or failed while rendering; the message names the file and line',
  ZIG_ERR_SCAN: 'config.scan was given something it cannot scan, or a scanned module failed to import',
  ZIG_ERR_SQL_URL: "The 'sql.url' setting is missing or names a database the SQL add-on does not support",
  ZIG_ERR_SQL_SETTING:
    'A setting of the SQL add-on (pool size, retries, isolation level...) has an invalid value',
  ZIG_ERR_SQL_NOT_READY:
    'The SQL database was asked for before the configuration that includes the add-on was committed',
  ZIG_ERR_SQL_TRANSACTION: "request.db was used after the request's transaction had finished",
  ZIG_ERR_SQL_MIGRATION: 'Migrations have no folder, or a migration failed',
  ZIG_ERR_SETTINGS_FILE: 'A settings file is missing, unreadable, has no [app] section or a bad %(name)s',
  ZIG_ERR_SETTINGS_VALUE:
    'A [server] setting (port, workers, trust_proxy, a timeout, body_limit...) is invalid or unknown, or the [logging] level is invalid',
  ZIG_ERR_SETTINGS_USE:
    "The settings file's `use` is missing, cannot be imported, or its module exports no main(settings)",
  ZIG_ERR_SETTINGS_MAIN: 'main(settings) returned something that is not a Configurator or a Fastify instance',
  ZIG_ERR_INCLUDES: 'A module named in the ziggurat.includes setting cannot be found or imported',
  ZIG_ERR_SCAFFOLD: 'ziggurat create was given an unknown scaffold, or a target directory that is not empty',
  ZIG_ERR_SQL_UNAVAILABLE:
    'The SQL database cannot be reached or lost its connection; the request is answered 503 with Retry-After',
  ZIG_ERR_REDIS_UNAVAILABLE: 'A Redis server Ziggurat uses cannot be reached; logged once per outage',
  ZIG_ERR_BAD_HOST: "A request's Host header is malformed (answered 400)",
  ZIG_ERR_HOST_NOT_ALLOWED: "A request's Host is not in the ziggurat.allowed_hosts setting (answered 400)",
  ZIG_ERR_HEADER_VALUE: 'A response header name or value has characters HTTP does not allow',
  ZIG_ERR_OVERLOADED: 'The server is overloaded (event loop delay or memory past its limits); answered 503',
  ZIG_ERR_HEALTH_SETTING:
    'A setting of the health add-on (a path, a load limit, retryAfter...) has an invalid value',
  ZIG_ERR_SUBREQUEST:
    'request.invokeSubrequest was given a path that does not start with /, or a request no app made',
  ZIG_ERR_INJECTION:
    'A class the container makes (a view, subscriber, root factory, security policy, tween, renderer, predicate or view mapper class) has a constructor parameter nothing is bound to',
  ZIG_ERR_SCHEMA:
    "A view's schema option is malformed, does not compile, or has response schemas without the json renderer",
  ZIG_ERR_OPENAPI:
    'A setting of the OpenAPI add-on has an invalid value, or an operationId names more than one operation',
  ZIG_ERR_DEBUGTOOLBAR:
    'The debug toolbar was included with NODE_ENV=production (and debugtoolbar.force unset), one of its settings is invalid, or addDebugPanel was given something that is not a panel class',
} as const;

/** One of the stable error codes. */
export type ErrorCode = keyof typeof ErrorCodes;

/** Options common to every Ziggurat error. */
export interface ZigguratErrorOptions {
  statusCode?: number;
  cause?: unknown;
}

/**
 * The base class of every error Ziggurat raises. `code` is stable and documented.
 * @example
 * try { await config.commit() } catch (err) { if (err instanceof ZigguratError) console.log(err.code) }
 */
export class ZigguratError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number | undefined;

  constructor(code: ErrorCode, message: string, options: ZigguratErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.statusCode = options.statusCode;
  }
}

/** A mistake in configuration: what was wrong and where, found at a directive call or at commit. */
export class ConfigurationError extends ZigguratError {
  constructor(message: string, options: ZigguratErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? 'ZIG_ERR_CONFIG', message, options);
  }
}

/** One side of a configuration conflict: the discriminator's claimant and where it was made. */
export interface ConflictSite {
  /** `file:line` of the directive call. */
  location: string;
  /** The include path, outermost first ('' is the app itself). */
  includePath: readonly string[];
}

/**
 * Two or more actions with the same discriminator, none of which overrides the others.
 * The message names every call site as `file:line`.
 */
export class ConfigurationConflictError extends ConfigurationError {
  readonly discriminator: string;
  readonly sites: readonly ConflictSite[];

  constructor(discriminator: string, sites: readonly ConflictSite[]) {
    const lines = sites.map((site) => `  - ${site.location}${describeIncludePath(site.includePath)}`);
    super(
      `Conflicting configuration for ${discriminator}:\n${lines.join('\n')}\n` +
        'Register your own version in the including configuration to override both.',
      { code: 'ZIG_ERR_CONFIG_CONFLICT' },
    );
    this.discriminator = discriminator;
    this.sites = sites;
  }
}

function describeIncludePath(includePath: readonly string[]): string {
  return includePath.length === 0 ? '' : ` (included via ${includePath.join(' > ')})`;
}

/** A configuration action threw while it ran at commit; `location` is the directive's call site. */
export class ConfigurationExecutionError extends ConfigurationError {
  readonly location: string;

  constructor(cause: unknown, location: string) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${reason}\n  at ${location}`, { code: 'ZIG_ERR_CONFIG_EXECUTION', cause });
    this.location = location;
  }
}

/** A URL was asked for that cannot be generated (unknown route, missing or invalid parameter). */
export class URLGenerationError extends ZigguratError {}

function closeness(name: string): (candidate: string) => number {
  const lower = name.toLowerCase();
  return (candidate) => distance(lower, candidate.toLowerCase());
}

/**
 * The candidates ordered from the closest to `name` to the farthest (by edit distance, case
 * ignored; ties keep their order), for messages that list what exists.
 * @example namesByCloseness('layuot', ['item', 'layout']) // ['layout', 'item']
 */
export function namesByCloseness(name: string, candidates: Iterable<string>): string[] {
  const distanceTo = closeness(name);
  return [...candidates]
    .map((candidate, index) => ({ candidate, index, distance: distanceTo(candidate) }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .map((entry) => entry.candidate);
}

/**
 * The candidate a misspelt `name` most likely meant, or null when none is close: at most one edit
 * per three characters of `name` (and at least one), case ignored. For "did you mean" messages.
 * @example closestName('premission', ['permission', 'renderer']) // 'permission'
 */
export function closestName(name: string, candidates: Iterable<string>): string | null {
  const [best] = namesByCloseness(name, candidates);
  if (best === undefined) return null;
  return closeness(name)(best) <= Math.max(1, Math.ceil(name.length / 3)) ? best : null;
}
