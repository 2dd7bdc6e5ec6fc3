// addRenderer, and resolving every view's renderer once per renderer name.
import { ConfigurationError, ZigguratError } from '../errors.js';
import type { RendererFactory } from '../types.js';
import { rendererFor } from '../views/renderers.js';
import { PHASE } from './actions.js';
import { type FactoryOrClass, factoryOf } from './container-classes.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';
import type { ConfigState, ViewEntry } from './state.js';

/**
 * Record a renderer factory for a name (`json`) or a file extension (`.hbs`): a function, or a class
 * the container makes once (its `create` is the factory).
 */
export function addRenderer(
  ctx: ConfigContext,
  name: string,
  factory: FactoryOrClass<RendererFactory>,
): void {
  if (typeof name !== 'string' || name === '' || typeof factory !== 'function') {
    throw new ConfigurationError(`addRenderer needs a name and a factory function or class at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  const given = factoryOf(ctx, factory, 'renderer factory class');
  ctx.record(
    `renderer '${name}'`,
    () => {
      given.register();
      ctx.state.renderers.set(name, given.fn);
      ctx.state.renderFunctions.delete(name);
    },
    PHASE.EXTENSIONS,
  );
}

/** Give every view its render function; an unknown renderer is an error naming the view's call site. */
export function resolveRenderers(state: ConfigState, registry: Registry, views: readonly ViewEntry[]): void {
  for (const view of views) {
    if (view.rendererName === null) continue;
    try {
      view.render = rendererFor(registry, view.rendererName);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigurationError(
        `${reason}\n  (renderer '${view.rendererName}' of the view at ${view.site.location})`,
        {
          code: error instanceof ZigguratError ? error.code : 'ZIG_ERR_CONFIG',
          cause: error,
        },
      );
    }
    if (view.render === null) {
      const known = [...state.renderers.keys()].join(', ');
      throw new ConfigurationError(
        `No renderer for '${view.rendererName}' (registered: ${known}) at ${view.site.location}`,
        { code: 'ZIG_ERR_RENDERER_UNKNOWN' },
      );
    }
  }
}
