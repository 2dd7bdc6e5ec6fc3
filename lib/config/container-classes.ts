// Classes given where Ziggurat takes a function or an object (a security policy, a root factory, a
// tween, renderer or predicate factory): made by the registry's inversify container with their
// injected services, and checked at commit like view classes, so a missing binding fails start-up.

import { makeOnce, withInstance } from '../declarative/injection.js';
import { checkResolvable } from '../declarative/resolvable.js';
import { ConfigurationError, ZigguratError } from '../errors.js';
import type { Request } from '../http/request.js';
import type { RootFactory } from '../types.js';
import { isClass } from '../views/view-mapper.js';
import type { ConfigContext } from './context.js';

/**
 * A class given for a factory: the container makes one instance, whose `create` does what the
 * factory function would.
 * @example
 * @injectable() class Timing { constructor(@inject(Metrics) private metrics: Metrics) {}
 *   create(handler: Handler): Handler { return (request) => this.metrics.time(() => handler(request)); } }
 */
export type FactoryClass<F> = abstract new (...args: any[]) => { create: F };

/** What a directive takes for a factory: the function, or a class of it. */
export type FactoryOrClass<F> = F | FactoryClass<F>;

/**
 * A class given for a root factory: made per request, and the instance is the root (Pyramid calls a
 * root factory class with the request). Injectable, it gets its services and the Request injected.
 */
export type RootClass = new (...args: any[]) => object;

/**
 * The one instance of `cls` for the app, made on first call: checked first (a missing binding is a
 * ZIG_ERR_INJECTION naming the call site), then made by the container.
 */
export function madeOnce<T>(ctx: ConfigContext, cls: Function, role: string): () => T {
  let instance: T | undefined;
  return () => {
    if (instance !== undefined) return instance;
    checkResolvable(ctx.registry.container, cls, ctx.site, role, { once: true });
    try {
      instance = makeOnce(ctx.registry.container, cls) as T;
    } catch (error) {
      if (error instanceof ZigguratError) throw error;
      throw new ConfigurationError(
        `The container could not make the ${role} ${cls.name} registered at ${ctx.site.location}: ${(error as Error)?.message ?? error}`,
        { code: 'ZIG_ERR_INJECTION', cause: error },
      );
    }
    return instance;
  };
}

function checkMethods(cls: Function, methods: readonly string[], role: string, ctx: ConfigContext): void {
  const missing = methods.filter((method) => typeof cls.prototype?.[method] !== 'function');
  if (missing.length > 0) {
    throw new ConfigurationError(
      `The ${role} ${cls.name || 'class'} has no ${missing.map((method) => `${method}()`).join(', ')} method at ${ctx.site}`,
      { code: 'ZIG_ERR_CONFIG_OPTION' },
    );
  }
}

/** A factory a directive was given, ready for its action: `register()` makes commit check and make a class. */
export interface GivenFactory<F> {
  readonly fn: F;
  register(): void;
}

/**
 * The factory a directive was given: a function as it is; for a class, a function calling `create`
 * on the one instance the container makes (at commit, once the action has registered it).
 */
export function factoryOf<F extends (...args: never[]) => unknown>(
  ctx: ConfigContext,
  given: FactoryOrClass<F>,
  role: string,
): GivenFactory<F> {
  if (!isClass(given)) return { fn: given as F, register: () => {} };
  checkMethods(given, ['create'], role, ctx);
  const instance = madeOnce<{ create: F }>(ctx, given, role);
  const fn = ((...args: Parameters<F>) => instance().create(...args)) as unknown as F;
  const register = () =>
    void ctx.state.containerClasses.push({ cls: given, role, site: ctx.site, make: instance });
  return { fn, register };
}

/**
 * An object a directive was given (a security policy), or for a class, its one instance, made by the
 * container when the action calls `instance()` (after `register()`); the class must have `methods`.
 */
export function instanceOf<T>(
  ctx: ConfigContext,
  given: T | (abstract new (...args: any[]) => T),
  role: string,
  methods: readonly string[],
): { instance(): T; register(): void } {
  if (!isClass(given)) return { instance: () => given as T, register: () => {} };
  checkMethods(given, methods, role, ctx);
  const instance = madeOnce<T>(ctx, given, role);
  const register = () =>
    void ctx.state.containerClasses.push({ cls: given, role, site: ctx.site, make: instance });
  return { instance, register };
}

/**
 * A root factory a directive was given: a function as it is; a class is made per request (the
 * instance is the root), through the container when it is injectable (the Request injectable as in
 * view classes), else `new cls(request)` as Pyramid calls a root factory class.
 */
export function rootFactoryOf(
  ctx: ConfigContext,
  given: RootFactory | RootClass,
  role: string,
): GivenFactory<RootFactory> {
  if (!isClass(given)) return { fn: given as RootFactory, register: () => {} };
  const made = withInstance(ctx.registry.container, given, (instance: object) => instance);
  const fn = (request: Request) => made(request, undefined);
  const register = () => void ctx.state.containerClasses.push({ cls: given, role, site: ctx.site });
  return { fn, register };
}
