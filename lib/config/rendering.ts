// addRenderer, and resolving every view's renderer once per renderer name.
import { ConfigurationError, ZigguratError } from '../errors.js';
import { headersInternals } from '../http/response-headers.js';
import type { RendererFactory, RenderFunction } from '../types.js';
import { rendererType } from '../views/renderers.js';
import { PHASE } from './actions.js';
import type { ConfigContext } from './context.js';
import type { Registry } from './registry.js';
import type { ConfigState, ViewEntry } from './state.js';

/** Record a renderer factory for a name (`json`) or a file extension (`.hbs`). */
export function addRenderer(ctx: ConfigContext, name: string, factory: RendererFactory): void {
  if (typeof name !== 'string' || name === '' || typeof factory !== 'function') {
    throw new ConfigurationError(`addRenderer needs a name and a factory function at ${ctx.site}`, {
      code: 'ZIG_ERR_CONFIG_OPTION',
    });
  }
  ctx.record(
    `renderer '${name}'`,
    () => {
      ctx.state.renderers.set(name, factory);
      ctx.state.renderFunctions.delete(name);
    },
    PHASE.EXTENSIONS,
  );
}

/** The render function for a renderer name, made by its factory on first use and then cached. */
export function rendererFor(state: ConfigState, registry: Registry, name: string): RenderFunction | null {
  const cached = state.renderFunctions.get(name);
  if (cached) return cached;
  const factory = state.renderers.get(name) ?? state.renderers.get(rendererType(name));
  if (!factory) return null;
  const render = factory({ name, registry });
  checkContentType(render);
  state.renderFunctions.set(name, render);
  return render;
}

/**
 * A renderer's content type goes on every response it renders: checked once here, as
 * response.headers.set() would check it, so that rendering need not check it again.
 */
function checkContentType(render: RenderFunction | null): void {
  if (render === null || render.contentType === undefined) return;
  render.contentType = headersInternals.checkValue(
    'content-type',
    'Content-Type',
    String(render.contentType),
  );
}

/** Give every view its render function; an unknown renderer is an error naming the view's call site. */
export function resolveRenderers(state: ConfigState, registry: Registry, views: readonly ViewEntry[]): void {
  for (const view of views) {
    if (view.rendererName === null) continue;
    try {
      view.render = rendererFor(state, registry, view.rendererName);
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
