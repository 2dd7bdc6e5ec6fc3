// The `mapper` view option (Pyramid's view mapper): what turns a registered view into `(request) => result`
// when the default (a function, or a class and its method) does not fit; a function or a container-made class.
import { ZigguratError } from '../errors.js';
import type { Request } from '../http/request.js';
import { type FactoryOrClass, factoryOf, type GivenFactory } from './container-classes.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';
import type { MappedView } from './state.js';

/** What a view mapper learns about the view it maps. */
export interface ViewMapperInfo {
  /** The view's `attr` option, or null. */
  readonly attr: string | null;
  /** The options the view was registered with. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly registry: Registry;
}

/**
 * Turns what was registered as a view into the callable dispatch calls. Runs once per view, at commit.
 * @example
 * const withContext: ViewMapper = (view) => (request) => (view as (context: unknown, request: Request) => unknown)(request.context, request);
 * config.addView((context: Folder, request: Request) => ({ name: context.__name__ }), { mapper: withContext, renderer: 'json' });
 */
export type ViewMapper = (view: unknown, info: ViewMapperInfo) => (request: Request) => unknown;

/** How a view is mapped: `map()` at commit, `register()` in the view's action. */
export interface ViewMapping {
  map(): MappedView;
  register(): void;
}

/**
 * The mapping of one view: with a `mapper` option, that mapper (a class made once by the container)
 * when the commit builds the view; without, `mapDefault` now, so that a bad view fails at the call.
 */
export function viewMapping(
  ctx: ConfigContext,
  view: unknown,
  options: Readonly<Record<string, unknown>>,
  mapDefault: () => MappedView,
): ViewMapping {
  const given = options.mapper as FactoryOrClass<ViewMapper> | undefined;
  if (given === undefined) {
    const mapped = mapDefault();
    return { map: () => mapped, register: () => {} };
  }
  const mapper = factoryOf(ctx, given, 'view mapper class');
  return { map: () => mapWith(ctx, mapper, view, options), register: mapper.register };
}

/** Map a view with its mapper; a mapper that fails is named with the view's call site. */
function mapWith(
  ctx: ConfigContext,
  mapper: GivenFactory<ViewMapper>,
  view: unknown,
  options: Readonly<Record<string, unknown>>,
): MappedView {
  let mapped: unknown;
  try {
    mapped = mapper.fn(view, {
      attr: (options.attr as string | undefined) ?? null,
      options,
      registry: ctx.registry,
    });
  } catch (error) {
    if (error instanceof ZigguratError) error.message += ` (at ${ctx.site})`;
    throw error;
  }
  if (typeof mapped !== 'function') {
    throw new ZigguratError(
      'ZIG_ERR_CONFIG_OPTION',
      `The view mapper returned ${typeof mapped}, not a function (at ${ctx.site})`,
    );
  }
  return mapped as MappedView;
}
