// Making view and subscriber classes through the registry's inversify container, with the current
// Request injectable. No child container per request: the request sits in a slot that is set only
// while the container resolves synchronously, and in AsyncLocalStorage for async resolutions.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Container } from 'inversify';
import { ZigguratError } from '../errors.js';
import { Request } from '../http/request.js';
import type { MaybePromise } from '../types.js';

type Constructor = new (...args: any[]) => object;

/** Makes an instance of one class for one request (or null outside a request). */
export type Instantiator = (request: Request | null) => MaybePromise<object>;

const INVERSIFY_METADATA_PREFIX = '@inversifyjs/';
// How inversify marks its container errors (its error class is not exported by 'inversify').
const INVERSIFY_CONTAINER_ERROR = Symbol.for('@inversifyjs/container/InversifyContainerError');
const asyncResolution = new AsyncLocalStorage<Request | null>();
let resolvingFor: Request | null | undefined;

function currentRequest(): Request {
  const request = resolvingFor === undefined ? asyncResolution.getStore() : resolvingFor;
  if (request) return request;
  throw new ZigguratError(
    'ZIG_ERR_NO_REQUEST',
    'The Request can only be injected into view classes, subscribers of request events and the ' +
      'transient or request-scoped services they use (not into singletons or outside a request)',
  );
}

/**
 * Bind `Request` in the container, once: each resolution gets the request it is made for.
 * An app may bind its own first (a test double, say); then that binding stays.
 */
export function bindRequest(container: Container): void {
  if (container.isBound(Request)) return;
  container.bind(Request).toDynamicValue(currentRequest);
}

/** Whether inversify knows the class: decorated `@injectable` or with `@inject` parameters. */
function isInjectable(cls: Constructor): boolean {
  return Reflect.getOwnMetadataKeys(cls).some(
    (key) => typeof key === 'string' && key.startsWith(INVERSIFY_METADATA_PREFIX),
  );
}

function isAsyncResolutionError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as unknown as Record<symbol, unknown>)[INVERSIFY_CONTAINER_ERROR] === true &&
    error.message.includes('asynchronous')
  );
}

function resolveSync(container: Container, cls: Constructor, request: Request | null): object {
  const outer = resolvingFor;
  resolvingFor = request;
  try {
    return container.get(cls, { autobind: true });
  } finally {
    resolvingFor = outer;
  }
}

function resolveAsync(container: Container, cls: Constructor, request: Request | null): Promise<object> {
  return asyncResolution.run(request, () => container.getAsync(cls, { autobind: true }));
}

function containerInstantiator(container: Container, cls: Constructor): Instantiator {
  let isAsync = false;
  return (request) => {
    if (isAsync) return resolveAsync(container, cls, request);
    try {
      return resolveSync(container, cls, request);
    } catch (error) {
      if (!isAsyncResolutionError(error)) throw error;
      // An async service somewhere in the graph: from now on this class resolves asynchronously.
      isAsync = true;
      return resolveAsync(container, cls, request);
    }
  };
}

/**
 * Make the one instance of a class Ziggurat makes once for the app (a security policy, tween,
 * renderer or predicate factory class) through the container, outside any request.
 * @throws ZigguratError ZIG_ERR_INJECTION when something in its graph resolves only asynchronously
 */
export function makeOnce(container: Container, cls: Function): object {
  try {
    return resolveSync(container, cls as Constructor, null);
  } catch (error) {
    if (!isAsyncResolutionError(error)) throw error;
    throw new ZigguratError(
      'ZIG_ERR_INJECTION',
      `${cls.name || 'The class'} is made once, when the app starts, so everything injected into it must resolve synchronously`,
      { cause: error },
    );
  }
}

/**
 * Whether instances of `cls` come from the container (it is bound there, or decorated for
 * inversify) rather than from `new cls(request)`.
 */
export function usesContainer(container: Container, cls: Constructor): boolean {
  return container.isBound(cls) || isInjectable(cls);
}

/**
 * How instances of `cls` are made: through the container when it is bound there or decorated for
 * inversify, otherwise `new cls(request)` (a plain class that takes the request).
 */
export function instantiatorFor(container: Container, cls: Constructor): Instantiator {
  if (usesContainer(container, cls)) return containerInstantiator(container, cls);
  return (request) => new cls(request);
}

/**
 * `(request) => instance[method](request)` with an instance of `cls` made for each call (see
 * withInstance). One closure and nothing else per view class an app registers: it keeps them all.
 */
export function methodCaller(
  container: Container,
  cls: Constructor,
  method: string,
): (request: Request) => unknown {
  let instantiate: Instantiator | null = null;
  return (request) => {
    instantiate ??= instantiatorFor(container, cls);
    const instance = instantiate(request) as MaybePromise<Record<string, (request: Request) => unknown>>;
    if (instance instanceof Promise) return instance.then((made) => made[method]?.(request));
    return instance[method]?.(request);
  };
}

/**
 * `(request, arg) => use(instance, arg)` with an instance of `cls` made for each call (through
 * instantiatorFor, decided on the first call, when the app's bindings are complete); it waits for
 * the instance only when the container resolves it asynchronously.
 */
export function withInstance<I extends object, A, R>(
  container: Container,
  cls: Constructor,
  use: (instance: I, arg: A) => R,
): (request: Request | null, arg: A) => R | Promise<R> {
  let instantiate: Instantiator | null = null;
  return (request, arg) => {
    instantiate ??= instantiatorFor(container, cls);
    const instance = instantiate(request);
    if (instance instanceof Promise) return instance.then((made) => use(made as I, arg));
    return use(instance as I, arg);
  };
}
