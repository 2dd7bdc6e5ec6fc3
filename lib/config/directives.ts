// addDirective: methods an app or add-on adds to every configurator of a registry (Pyramid's add_directive).
import { ZigguratError } from '../errors.js';
import { DIRECTIVES } from '../symbols.js';
import type { Registry } from './registry.js';

/** Runs a directive's body for the configurator it was called on, attributing its actions to the caller. */
export type DirectiveRunner<C> = (config: C, body: () => unknown) => unknown;

/** The prototype every configurator of `registry` inherits its added directives from. */
export function directivesOf(registry: Registry): Record<string, unknown> {
  return (registry as unknown as Record<symbol, Record<string, unknown>>)[DIRECTIVES] as Record<
    string,
    unknown
  >;
}

/** Make `prototype` the holder of `registry`'s directives (once, when the registry is made). */
export function setDirectivesOf(registry: Registry, prototype: object): void {
  (registry as unknown as Record<symbol, object>)[DIRECTIVES] = prototype;
}

/** Add `fn` as method `name` of every configurator of `registry`; `reserved` names are refused. */
export function addDirective<C, A extends unknown[]>(
  registry: Registry,
  name: string,
  fn: (config: C, ...args: A) => unknown,
  reserved: object,
  run: DirectiveRunner<C>,
): void {
  if (name in reserved || typeof fn !== 'function') {
    throw new ZigguratError(
      'ZIG_ERR_DIRECTIVE',
      `Cannot add directive '${name}': it is a Configurator method or fn is not a function`,
    );
  }
  directivesOf(registry)[name] = function directive(this: C, ...args: A): unknown {
    return run(this, () => fn(this, ...args));
  };
}
