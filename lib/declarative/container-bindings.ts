// What the commit-time injection check reads of inversify: a class's injection metadata and a container's bindings.
import { Plugin, type PluginApi, type PluginContext } from '@inversifyjs/plugin';
import type { Container } from 'inversify';

/** What a binding condition (`whenNamed`, `whenParentIs`...) is asked about: inversify's BindingConstraints. */
export interface InjectionPoint {
  readonly serviceIdentifier: unknown;
  readonly name: unknown;
  readonly tags: Map<unknown, unknown>;
  getAncestor(): InjectionPoint | undefined;
}

/** A binding as inversify 8 keeps it (the fields the check reads). */
export interface BindingRecord {
  /** 'Instance', 'ServiceRedirection', 'ConstantValue', 'DynamicValue', 'Factory', 'ResolvedValue'... */
  readonly type: string;
  readonly implementationType?: Function;
  readonly targetServiceIdentifier?: unknown;
  /** 'Singleton', 'Transient' or 'Request', for bindings that have a scope. */
  readonly scope?: string;
  isSatisfiedBy(point: InjectionPoint): boolean;
}

/** How inversify 8 records one constructor parameter or property to inject (its ClassElementMetadata). */
export interface ElementMetadata {
  /** 0: @multiInject, 1: @inject (or a type from design:paramtypes), 2: @unmanaged, 32: incomplete. */
  readonly kind: number;
  readonly value?: unknown;
  readonly optional?: boolean;
  readonly name?: unknown;
  readonly tags?: Map<unknown, unknown>;
}

/** The injection metadata of one class (inversify's ClassMetadata, the fields the check reads). */
export interface ClassInjection {
  readonly constructorArguments: ReadonlyArray<ElementMetadata | undefined>;
  readonly properties: ReadonlyMap<string | symbol, ElementMetadata>;
  /** The scope of `@injectable('Singleton')`, which an autobound class gets. */
  readonly scope?: string;
}

export const ELEMENT_KIND = { multiple: 0, single: 1, unmanaged: 2, incomplete: 32 } as const;

// Where inversify 8 (@inversifyjs/core) keeps what @injectable, @inject, @multiInject, @unmanaged,
// @optional, @named and @tagged recorded on a class: what it plans a resolution from. inversify
// exports no reader for it, so it is read here; a test pins the shape.
const CLASS_METADATA_KEY = '@inversifyjs/core/classMetadataReflectKey';
const PENDING_METADATA_KEY = '@inversifyjs/core/pendingClassMetadataCountReflectKey';

/** The class's own injection metadata (inversify 8 does not inherit it), or null when it has none. */
export function classInjectionOf(cls: Function): ClassInjection | null {
  return (Reflect.getOwnMetadata(CLASS_METADATA_KEY, cls) as ClassInjection | undefined) ?? null;
}

/** Whether a decorator such as @named or @optional waits for an @inject that never came. */
export function hasPendingMetadata(cls: Function): boolean {
  const pending = Reflect.getOwnMetadata(PENDING_METADATA_KEY, cls) as number | undefined;
  return pending !== undefined && pending !== 0;
}

/** Looks bindings up by service identifier, as inversify's planner does. */
export interface BindingLookup {
  get(serviceIdentifier: unknown): Iterable<BindingRecord> | undefined;
}

const contexts = new WeakMap<Container, PluginContext | null>();

/**
 * inversify's plugin API is the one way to see a container's bindings (what each is bound to and on
 * which condition); this plugin only keeps the context it is given. The API is marked experimental:
 * when it is missing or has changed, the check falls back to `container.isBound`.
 */
class BindingProbe extends Plugin<Container> {
  constructor(container: Container, context: PluginContext) {
    super(container, context);
    contexts.set(container, context);
  }

  load(_api: PluginApi): void {}
}

/** The container's bindings, or null when inversify does not show them (the check then uses isBound). */
export function bindingLookup(container: Container): BindingLookup | null {
  if (!contexts.has(container)) {
    contexts.set(container, null);
    try {
      container.register(BindingProbe);
    } catch {
      // Not a container that takes plugins: isBound it is.
    }
  }
  // Read through the context each time: a snapshot restore replaces the binding service.
  const service = contexts.get(container)?.bindingService as unknown as BindingLookup | undefined;
  return typeof service?.get === 'function' ? service : null;
}
