// The built-in renderers, registered by every Configurator through addRenderer, and finding the
// render function of a renderer name.
import type { Registry } from '../config/registry.js';
import { headersInternals } from '../http/response-headers.js';
import { STATE } from '../symbols.js';
import type { RendererFactory, RenderFunction } from '../types.js';

function withContentType(fn: (value: unknown) => string, contentType: string): RenderFunction {
  const render: RenderFunction = (value) => fn(value);
  render.contentType = contentType;
  return render;
}

/** `json`: JSON.stringify the view's result; `application/json`. */
export const jsonRenderer: RendererFactory = () =>
  withContentType((value) => JSON.stringify(value) ?? 'null', 'application/json; charset=utf-8');

/** `string`: String() of the view's result; `text/plain`. */
export const stringRenderer: RendererFactory = () =>
  withContentType((value) => String(value), 'text/plain; charset=utf-8');

/** The renderer type of a renderer name: the file extension when it has one (`.hbs`), else the name. */
export function rendererType(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : name;
}

export const BUILTIN_RENDERERS: ReadonlyArray<[string, RendererFactory]> = [
  ['json', jsonRenderer],
  ['string', stringRenderer],
];

/** The render function for a renderer name, made by its factory on first use and then cached; null when none. */
export function rendererFor(registry: Registry, name: string): RenderFunction | null {
  const state = registry[STATE];
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
