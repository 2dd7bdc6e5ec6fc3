// render and renderToResponse: a renderer used outside a view (Pyramid's pyramid.renderers.render and
// render_to_response), for an e-mail body, a fragment, or a response built by hand.
import type { Registry } from '../config/registry.js';
import { renderChannel } from '../diagnostics/channels.js';
import { ZigguratError } from '../errors.js';
import { BeforeRender } from '../http/events.js';
import { Request } from '../http/request.js';
import { DEFAULT_CONTENT_TYPE, Response } from '../http/response.js';
import { STATE } from '../symbols.js';
import type { RenderFunction, RenderSystem } from '../types.js';
import { tracedRender } from './render.js';
import { rendererFor } from './renderers.js';

function registryFrom(from: Request | Registry): Registry {
  return from instanceof Request ? from.registry : from;
}

function renderFunction(registry: Registry, name: string): RenderFunction {
  const render = rendererFor(registry, name);
  if (render !== null) return renderChannel.hasSubscribers ? tracedRender(render) : render;
  const known = [...registry[STATE].renderers.keys()].join(', ');
  throw new ZigguratError(
    'ZIG_ERR_RENDERER_UNKNOWN',
    `No renderer for '${name}' (registered: ${known}); render() sees the renderers of a committed configuration`,
  );
}

async function renderWith(
  render: RenderFunction,
  name: string,
  values: unknown,
  from: Request | Registry,
): Promise<string | Buffer> {
  const request = from instanceof Request ? from : null;
  const system: RenderSystem = { request, context: request?.context ?? null, view: null, renderer: name };
  const event = new BeforeRender(values, system);
  for (const subscriber of registryFrom(from).subscribersFor(BeforeRender)) await subscriber(event as never);
  return render(event.values, system);
}

/**
 * Render `values` with a renderer (`json`, `string`, a template path such as `mail/welcome.hbs`)
 * outside a view, as Pyramid's `render`. BeforeRender subscribers run as for a view. Give the request
 * being handled (the renderer sees it, its context and its registry); without one, give the registry
 * (`config.registry`, `registryOf(app)`), and the renderer's `system.request` is null. Pyramid falls
 * back to its thread-local registry; Ziggurat has none.
 * @example const body = await render('mail/welcome.hbs', { user }, request);
 */
export async function render(
  rendererName: string,
  values: unknown,
  from: Request | Registry,
): Promise<string | Buffer> {
  return renderWith(renderFunction(registryFrom(from), rendererName), rendererName, values, from);
}

/**
 * Render `values` as `render` does, into the body of a new Response (or of `response` when given;
 * never `request.response`, as in Pyramid since 1.6), with the renderer's content type unless the
 * response has one.
 * @example return renderToResponse('pages/gone.hbs', { path: request.path }, request, new Response(null, { status: 410 }));
 */
export async function renderToResponse(
  rendererName: string,
  values: unknown,
  from: Request | Registry,
  response: Response = new Response(),
): Promise<Response> {
  const renderer = renderFunction(registryFrom(from), rendererName);
  response.body = await renderWith(renderer, rendererName, values, from);
  if (!response.headers.has('content-type'))
    response.contentType = renderer.contentType ?? DEFAULT_CONTENT_TYPE;
  return response;
}
