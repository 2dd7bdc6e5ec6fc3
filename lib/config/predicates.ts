// addViewPredicate / addRoutePredicate, and building a view's or route's predicates from its options.
import { ConfigurationError, closestName } from '../errors.js';
import { NotValue, negate } from '../predicates/index.js';
import type { RoutePredicateFactory, ViewPredicateFactory } from '../types.js';
import { PHASE } from './actions.js';
import { type FactoryOrClass, factoryOf } from './container-classes.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';
import { keptList } from './shared-predicates.js';

function checkName(name: unknown, reserved: readonly string[], what: string): asserts name is string {
  if (typeof name !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name)) {
    throw new ConfigurationError(`${what} name must be an identifier, got ${JSON.stringify(name)}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  if (reserved.includes(name)) {
    throw new ConfigurationError(`${what} name '${name}' is already an option of its own`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
}

/**
 * Record a view predicate factory under `name` (an option of addView from then on): a function, or a
 * class the container makes once (its `create` is the factory).
 */
export function addViewPredicate(
  ctx: ConfigContext,
  name: string,
  factory: FactoryOrClass<ViewPredicateFactory>,
  reserved: readonly string[],
): void {
  checkName(name, reserved, 'View predicate');
  const given = factoryOf(ctx, factory, 'view predicate factory class');
  ctx.record(
    `view predicate ${name}`,
    () => {
      given.register();
      ctx.state.viewPredicates.set(name, given.fn);
    },
    PHASE.EXTENSIONS,
  );
}

/** Record a route predicate factory under `name` (an option of addRoute from then on), as addViewPredicate. */
export function addRoutePredicate(
  ctx: ConfigContext,
  name: string,
  factory: FactoryOrClass<RoutePredicateFactory>,
  reserved: readonly string[],
): void {
  checkName(name, reserved, 'Route predicate');
  const given = factoryOf(ctx, factory, 'route predicate factory class');
  ctx.record(
    `route predicate ${name}`,
    () => {
      given.register();
      ctx.state.routePredicates.set(name, given.fn);
    },
    PHASE.EXTENSIONS,
  );
}

/**
 * The error for an option a directive does not know: ZIG_ERR_CONFIG_OPTION (whether the name was
 * meant as a predicate or not cannot be told), with the closest known option and all of them.
 */
export function unknownOptionError(what: string, key: string, known: readonly string[]): ConfigurationError {
  const closest = closestName(key, known);
  const hint = closest === null ? '' : ` (did you mean '${closest}'?)`;
  const list = [...known].sort().join(', ');
  return new ConfigurationError(`${what}: unknown option '${key}'${hint} (options: ${list})`, {
    code: 'ZIG_ERR_CONFIG_OPTION',
  });
}

/**
 * Make the predicates an options object asks for, in the registered (evaluation) order; a value
 * wrapped in `not(...)` makes the predicate that passes when the plain one fails.
 * Any option that is neither one of `own` nor a registered predicate is an error naming the
 * closest known option and listing them all.
 */
export function buildPredicates<P>(
  factories: ReadonlyMap<string, (value: never, info: { registry: Registry; name: string }) => P>,
  options: Readonly<Record<string, unknown>>,
  own: readonly string[],
  registry: Registry,
  what: string,
): readonly P[] {
  for (const key of Object.keys(options)) {
    if (own.includes(key) || factories.has(key)) continue;
    throw unknownOptionError(what, key, [...own, ...factories.keys()]);
  }
  const predicates: P[] = [];
  for (const [name, factory] of factories) {
    const value = options[name];
    if (value === undefined) continue;
    if (!(value instanceof NotValue)) predicates.push(factory(value as never, { registry, name }));
    else predicates.push(negate(factory(value.value as never, { registry, name }) as Negatable) as P);
  }
  return keptList(factories, predicates);
}

type Negatable = Parameters<typeof negate>[0];

/**
 * How much the predicates an options object asks for weigh, as Pyramid weighs them: each predicate
 * kind weighs twice the one registered before it (built-ins first, in evaluation order, then the
 * app's own), and the weights add up. Among views with as many predicates, the heavier is tried
 * first, so the winner does not depend on the order the views were registered (scan, include).
 */
export function predicateWeight(
  factories: ReadonlyMap<string, unknown>,
  options: Readonly<Record<string, unknown>>,
): number {
  let weight = 0;
  let position = 0;
  for (const name of factories.keys()) {
    if (options[name] !== undefined) weight += 2 ** position;
    position++;
  }
  return weight;
}
