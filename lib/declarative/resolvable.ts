// The commit-time check that the container can make a class: every constructor parameter (and injected
// property) has a binding, or is a class inversify 8 makes itself (autobind), all the way down.
import { type Container, LazyServiceIdentifier } from 'inversify';
import { ConfigurationError } from '../errors.js';
import { Request } from '../http/request.js';
import type { CallSite } from './call-site.js';
import {
  type BindingLookup,
  type BindingRecord,
  bindingLookup,
  classInjectionOf,
  ELEMENT_KIND,
  type ElementMetadata,
  hasPendingMetadata,
  type InjectionPoint,
} from './container-bindings.js';
import { usesContainer } from './injection.js';

/** Why a class cannot be made: the parameters followed down to the culprit, and what is wrong there. */
interface Problem {
  readonly steps: readonly string[];
  readonly reason: string;
}

interface Walk {
  readonly container: Container;
  readonly lookup: BindingLookup | null;
  /** The classes being made, outermost first: meeting one again is a cycle. */
  readonly making: Function[];
  /** The tokens being redirected (toService), so that a circle of redirections ends. */
  readonly redirecting: unknown[];
  /** The outermost singleton being made: what it gets injected is made once, for every request. */
  singleton: Function | null;
  /** What the checked class is, when Ziggurat makes it once for the whole app (a security policy class...). */
  readonly onceAs: string | null;
}

// The types TypeScript records for interfaces, unions, primitives and functions: inversify skips them.
const NON_CLASS_TYPES: readonly unknown[] = [
  Array,
  BigInt,
  Boolean,
  Function,
  Number,
  Object,
  String,
  Symbol,
];
const SINGLETON = 'Singleton';
// A binding inversify would use, when only isBound could be asked (what it is bound to is unknown).
const OPAQUE: BindingRecord = { type: 'unknown', isSatisfiedBy: () => true };
const BIND_HINT =
  "bind it before commit (config.registry.container.bind(...), in the app or in an add-on's includeme)";

function nameOf(cls: Function): string {
  return cls.name || 'an anonymous class';
}

function describeToken(token: unknown): string {
  if (typeof token === 'function') return nameOf(token);
  if (typeof token === 'string') return `'${token}'`;
  return String(token);
}

function problem(reason: string, steps: readonly string[] = []): Problem {
  return { steps, reason };
}

function rootPoint(cls: Function): InjectionPoint {
  return { serviceIdentifier: cls, name: undefined, tags: new Map(), getAncestor: () => undefined };
}

/** The bindings inversify would choose between for this injection point. */
function matchingBindings(walk: Walk, point: InjectionPoint): BindingRecord[] {
  if (walk.lookup !== null) {
    return [...(walk.lookup.get(point.serviceIdentifier) ?? [])].filter((binding) =>
      binding.isSatisfiedBy(point),
    );
  }
  const tags = [...point.tags];
  // isBound takes one tag at most; with several, trust the app rather than report a false error.
  if (tags.length > 1) return [OPAQUE];
  const [tag] = tags;
  const options = {
    ...(point.name === undefined ? {} : { name: point.name as string }),
    ...(tag === undefined ? {} : { tag: { key: tag[0] as string, value: tag[1] } }),
  };
  return walk.container.isBound(point.serviceIdentifier as never, options) ? [OPAQUE] : [];
}

/** Whether one binding (or the class inversify binds to itself) can be made. */
function bindingProblem(
  walk: Walk,
  binding: BindingRecord | undefined,
  point: InjectionPoint,
): Problem | null {
  if (binding === undefined) {
    const token = point.serviceIdentifier;
    // Nothing matches: inversify 8 binds a class to itself (autobind) and makes it.
    if (typeof token !== 'function') return null;
    return constructorProblem(walk, token, point, classInjectionOf(token)?.scope === SINGLETON);
  }
  if (binding.type === 'Instance' && typeof binding.implementationType === 'function') {
    return constructorProblem(walk, binding.implementationType, point, binding.scope === SINGLETON);
  }
  if (binding.type === 'ServiceRedirection') {
    const target = binding.targetServiceIdentifier;
    if (walk.redirecting.includes(target)) {
      return problem(`${describeToken(point.serviceIdentifier)} is redirected (toService) in a circle`);
    }
    walk.redirecting.push(point.serviceIdentifier);
    try {
      return serviceProblem(walk, { ...point, serviceIdentifier: target }, false);
    } finally {
      walk.redirecting.pop();
    }
  }
  // A constant, a dynamic value, a factory: what it makes is the app's business.
  return null;
}

/** Whether the service an injection point asks for can be resolved, as inversify 8 plans it. */
function serviceProblem(walk: Walk, point: InjectionPoint, optional: boolean): Problem | null {
  const bindings = matchingBindings(walk, point);
  const token = point.serviceIdentifier;
  if (token === Request && walk.onceAs !== null && walk.singleton === walk.making[0]) {
    return problem(
      `the Request cannot be injected into ${nameOf(walk.singleton)}: as a ${walk.onceAs} it is made once for the whole app; use the request its methods are given`,
    );
  }
  if (token === Request && walk.singleton !== null) {
    return problem(
      `the Request cannot be injected into ${nameOf(walk.singleton)}, a singleton: it would keep the first request for every later one; make it transient or inRequestScope()`,
    );
  }
  if (bindings.length > 1) {
    return problem(
      `${bindings.length} bindings match ${describeToken(token)} and inversify refuses to choose; tell them apart with @named or @tagged, or inject them all with @multiInject`,
    );
  }
  if (bindings.length === 0 && typeof token !== 'function') {
    return optional ? null : problem(`nothing is bound to ${describeToken(token)}; ${BIND_HINT}`);
  }
  return bindingProblem(walk, bindings[0], point);
}

function multipleProblem(walk: Walk, point: InjectionPoint): Problem | null {
  const bindings = matchingBindings(walk, point);
  // No binding at all is an empty array for @multiInject (unless inversify binds the class itself).
  if (bindings.length === 0) return bindingProblem(walk, undefined, point);
  for (const binding of bindings) {
    const found = bindingProblem(walk, binding, point);
    if (found !== null) return found;
  }
  return null;
}

function tokenOf(element: ElementMetadata): unknown {
  return element.value instanceof LazyServiceIdentifier ? element.value.unwrap() : element.value;
}

function elementProblem(walk: Walk, element: ElementMetadata, parent: InjectionPoint): Problem | null {
  if (element.kind === ELEMENT_KIND.unmanaged) return null;
  if (element.kind === ELEMENT_KIND.incomplete) {
    return problem('it has @named, @tagged or @optional but no @inject(token)');
  }
  let token: unknown;
  try {
    token = tokenOf(element);
  } catch (error) {
    return problem(`its LazyServiceIdentifier failed: ${(error as Error).message}`);
  }
  const point: InjectionPoint = {
    serviceIdentifier: token,
    name: element.name,
    tags: element.tags ?? new Map(),
    getAncestor: () => parent,
  };
  if (element.kind === ELEMENT_KIND.multiple) return multipleProblem(walk, point);
  return serviceProblem(walk, point, element.optional === true);
}

function missingProblem(type: unknown): Problem {
  if (type === undefined) {
    return problem(
      'it has no @inject(token) and no recorded type (compile with emitDecoratorMetadata, or add @inject(token))',
    );
  }
  if (NON_CLASS_TYPES.includes(type)) {
    return problem(
      `its type is recorded as ${nameOf(type as Function)} (as TypeScript records interfaces, unions and primitive types), which names nothing to inject; add @inject(token)`,
    );
  }
  return problem(
    `it has no @inject(token), and its type ${nameOf(type as Function)} is read only for an @injectable() class; add @injectable() or @inject(${nameOf(type as Function)})`,
  );
}

/** The closest ancestor class with constructor parameters to inject, if any. */
function injectedAncestor(cls: Function): Function | null {
  for (
    let base = Object.getPrototypeOf(cls);
    typeof base === 'function';
    base = Object.getPrototypeOf(base)
  ) {
    if ((classInjectionOf(base)?.constructorArguments.length ?? 0) > 0) return base as Function;
  }
  return null;
}

/** A class with no injection metadata of its own: inversify makes it with no arguments. */
function undecoratedProblem(cls: Function): Problem | null {
  const base = injectedAncestor(cls);
  if (base !== null) {
    return problem(
      `${nameOf(cls)} extends ${nameOf(base)} but has no injection metadata of its own, so inversify 8 makes it with no arguments and ${nameOf(base)}'s constructor gets none; give ${nameOf(cls)} a constructor with the parameters to inject, or decorate it with inversify's @injectFromBase()`,
    );
  }
  if (cls.length === 0) return null;
  return problem(
    `${nameOf(cls)} is not @injectable() and has no @inject parameters, so inversify would make it with no arguments, but its constructor takes ${cls.length}; decorate it with @injectable(), or bind it to a value before commit`,
  );
}

function within(found: Problem | null, step: string): Problem | null {
  return found === null ? null : { steps: [step, ...found.steps], reason: found.reason };
}

function describeElement(element: ElementMetadata | undefined, type: unknown): string {
  if (element !== undefined && element.kind !== ELEMENT_KIND.incomplete) {
    try {
      return ` (${describeToken(tokenOf(element))})`;
    } catch {
      return '';
    }
  }
  return typeof type === 'function' ? ` (type ${nameOf(type)})` : '';
}

function parametersProblem(walk: Walk, cls: Function, point: InjectionPoint): Problem | null {
  const injection = classInjectionOf(cls);
  if (injection === null) return undecoratedProblem(cls);
  const types = Reflect.getOwnMetadata('design:paramtypes', cls) as unknown[] | undefined;
  const count = Math.max(cls.length, injection.constructorArguments.length);
  for (let index = 0; index < count; index++) {
    const element = injection.constructorArguments[index];
    const step = `${nameOf(cls)} parameter ${index}${describeElement(element, types?.[index])}`;
    const found =
      element === undefined ? missingProblem(types?.[index]) : elementProblem(walk, element, point);
    if (found !== null) return within(found, step);
  }
  for (const [key, element] of injection.properties) {
    const step = `${nameOf(cls)} property ${String(key)}${describeElement(element, undefined)}`;
    const found = within(elementProblem(walk, element, point), step);
    if (found !== null) return found;
  }
  return null;
}

function constructorProblem(
  walk: Walk,
  cls: Function,
  point: InjectionPoint,
  singleton: boolean,
): Problem | null {
  if (walk.making.includes(cls)) {
    const cycle = [...walk.making.slice(walk.making.indexOf(cls)), cls].map(nameOf).join(' → ');
    return problem(`it depends on itself (${cycle}), which inversify cannot make`);
  }
  if (hasPendingMetadata(cls)) {
    return problem(`${nameOf(cls)} has @named, @tagged or @optional on a parameter with no @inject(token)`);
  }
  const outerSingleton = walk.singleton;
  if (singleton && outerSingleton === null) walk.singleton = cls;
  walk.making.push(cls);
  try {
    return parametersProblem(walk, cls, point);
  } finally {
    walk.making.pop();
    walk.singleton = outerSingleton;
  }
}

/** How checkResolvable treats the class. */
export interface ResolvableOptions {
  /**
   * Ziggurat makes it once for the whole app, always through the container (a security policy,
   * tween, renderer or predicate factory class): it must not take the Request, and a plain class is
   * checked too (inversify makes it with no arguments).
   */
  readonly once?: boolean;
}

/**
 * Check, at commit, that the container can make `cls` the way Ziggurat will ask for it
 * (`container.get(cls, { autobind: true })`), without making anything: every constructor parameter and
 * injected property has exactly one binding that applies there (conditions such as `whenNamed` or
 * `whenParentIs` are evaluated), or is `@optional()`/`@unmanaged()`, or is a class inversify 8 binds to
 * itself, whose own parameters are checked in turn; classes bound with `to`/`toSelf` are followed, while
 * constants, dynamic values and factories are taken as they are. The `Request` Ziggurat binds per request
 * counts as bound. Bindings made before commit (in the app, in add-ons' includeme, in actions) are seen;
 * bindings made after commit are not. A class the container does not make (`new cls(request)`) passes.
 *
 * Every kind of class Ziggurat makes through the container is checked with this at commit, with the
 * call site of the directive that registered it (view, subscriber, root and route factory classes per
 * request; security policy, tween, renderer, predicate factory and view mapper classes once), so a
 * missing binding is a start-up error naming the class, the parameter and the call site rather than a
 * 500 on every request.
 * @throws ConfigurationError `ZIG_ERR_INJECTION` naming the role, class, call site and the parameter chain
 * @example checkResolvable(registry.container, MyView, view.site, 'view class');
 */
export function checkResolvable(
  container: Container,
  cls: Function,
  site: CallSite,
  role = 'class',
  options: ResolvableOptions = {},
): void {
  const once = options.once === true;
  if (!once && !usesContainer(container, cls as new (...args: any[]) => object)) return;
  const walk: Walk = {
    container,
    lookup: bindingLookup(container),
    making: [],
    redirecting: [],
    singleton: once ? cls : null,
    onceAs: once ? role : null,
  };
  const found = serviceProblem(walk, rootPoint(cls), false);
  if (found === null) return;
  const chain = found.steps.length === 0 ? '' : `${found.steps.join(' → ')}: `;
  throw new ConfigurationError(
    `The container cannot make the ${role} ${nameOf(cls)} registered at ${site.location}: ${chain}${found.reason}`,
    { code: 'ZIG_ERR_INJECTION' },
  );
}
