// addRequestMethod, setRootFactory (a function or a class) and setSessionFactory, and the per-app Request class.
import { ConfigurationError } from '../errors.js';
import { Request } from '../http/request.js';
import type { RootFactory, SessionFactory } from '../types.js';
import { PHASE } from './actions.js';
import { type RootClass, rootFactoryOf } from './container-classes.js';
import type { ConfigContext } from './context.js';
import type { ConfigState } from './state.js';

/** Options of addRequestMethod. */
export interface RequestMethodOptions {
  /** Computed once per request on first access, then cached. */
  reify?: boolean;
  /** A property computed on every access (not a method). */
  property?: boolean;
}

function memberExists(name: string): boolean {
  for (let proto: object | null = Request.prototype; proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, name)) return true;
  }
  return [
    'matchdict',
    'matchedRoute',
    'context',
    'root',
    'viewName',
    'subpath',
    'traversed',
    'virtualRoot',
    'exception',
    'registry',
    'fastify',
  ].includes(name);
}

/** Record a request extension: a method, a property, or a reified (cached) property. */
export function addRequestMethod(
  ctx: ConfigContext,
  fn: (request: Request, ...args: never[]) => unknown,
  name: string,
  options: RequestMethodOptions = {},
): void {
  if (typeof fn !== 'function' || typeof name !== 'string' || name === '') {
    throw new ConfigurationError(`addRequestMethod needs a function and a name at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  if (memberExists(name)) {
    throw new ConfigurationError(`addRequestMethod: '${name}' is already a Request member at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const entry = { name, fn, reify: options.reify ?? false, property: options.property ?? false };
  ctx.record(
    `request method '${name}'`,
    () => void ctx.state.requestMethods.set(name, entry),
    PHASE.EXTENSIONS,
  );
}

function defineExtension(
  proto: object,
  entry: ConfigState['requestMethods'] extends Map<string, infer E> ? E : never,
) {
  const fn = entry.fn as (request: Request, ...args: unknown[]) => unknown;
  if (entry.reify) {
    Object.defineProperty(proto, entry.name, {
      configurable: true,
      get(this: Request) {
        const value = fn(this);
        Object.defineProperty(this, entry.name, { value, configurable: true, enumerable: true });
        return value;
      },
    });
  } else if (entry.property) {
    Object.defineProperty(proto, entry.name, {
      configurable: true,
      get: function (this: Request) {
        return fn(this);
      },
    });
  } else {
    Object.defineProperty(proto, entry.name, {
      configurable: true,
      writable: true,
      value: function (this: Request, ...args: unknown[]) {
        return fn(this, ...args);
      },
    });
  }
}

/** The app's Request class: Request plus the registered extensions (Request itself when none). */
export function makeRequestClass(state: ConfigState): typeof Request {
  if (state.requestMethods.size === 0) return Request;
  class AppRequest extends Request {}
  for (const entry of state.requestMethods.values()) defineExtension(AppRequest.prototype, entry);
  return AppRequest;
}

/**
 * Record the root factory used when a route has none (and for traversal without routes): a function
 * of the request, or a class made per request (see rootFactoryOf).
 */
export function setRootFactory(ctx: ConfigContext, factory: RootFactory | RootClass): void {
  if (typeof factory !== 'function') {
    throw new ConfigurationError(`setRootFactory needs a function or a class at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const given = rootFactoryOf(ctx, factory, 'root factory class');
  ctx.record(
    'root factory',
    () => {
      given.register();
      ctx.state.rootFactory = given.fn;
    },
    PHASE.POLICIES,
  );
}

/** Record the session factory behind request.session. */
export function setSessionFactory(ctx: ConfigContext, factory: SessionFactory): void {
  if (typeof factory !== 'function') {
    throw new ConfigurationError(`setSessionFactory needs a function at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  ctx.record('session factory', () => void (ctx.state.sessionFactory = factory), PHASE.POLICIES);
}
