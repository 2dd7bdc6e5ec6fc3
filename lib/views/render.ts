// Turns a view's result into a Response: a Response passes through, anything else goes to its renderer.
import type { ViewEntry } from '../config/state.js';
import { type RenderedMessage, renderChannel } from '../diagnostics/channels.js';
import { ZigguratError } from '../errors.js';
import { BeforeRender } from '../http/events.js';
import { type Request, requestInternals } from '../http/request.js';
import { DEFAULT_CONTENT_TYPE, Response, responseInternals } from '../http/response.js';
import type { RenderFunction, RenderSystem } from '../types.js';

/**
 * The view a render function renders for, in the RenderSystem renderResult gives it: a renderer
 * Ziggurat shares between views (the browsable API's) reads it rather than keeping one per view.
 */
export const RENDERED_VIEW = Symbol('ziggurat.renderedView');

/** The view `system` renders for, when a view's result is rendered (not for `render()`). */
export function renderedView(system: RenderSystem): ViewEntry | undefined {
  return (system as { [RENDERED_VIEW]?: ViewEntry })[RENDERED_VIEW];
}

function describeView(entry: ViewEntry): string {
  const original = entry.original as { name?: string };
  return `${original.name || 'anonymous view'}${entry.attr ? `.${entry.attr}` : ''} (${entry.site.location})`;
}

function fill(request: Request, render: RenderFunction, body: string | Buffer): Response {
  const response = requestInternals.peekResponse(request) ?? new Response();
  response.body = body;
  // The renderer's content type was checked when the view was committed (resolveRenderers).
  responseInternals.setRenderedType(response, render.contentType ?? DEFAULT_CONTENT_TYPE);
  return response;
}

/**
 * Run `render` and publish what it rendered on the `ziggurat:render` diagnostics channel (only called
 * while someone listens): the renderer, its file, the values it got and the time it took.
 */
export function tracedRender(render: RenderFunction): RenderFunction {
  const traced: RenderFunction = (values, system) => {
    const started = performance.now();
    const publish = (error: unknown): void => {
      const message: RenderedMessage = {
        request: system.request,
        renderer: system.renderer,
        source: render.source ?? null,
        values,
        durationMs: performance.now() - started,
        error,
      };
      renderChannel.publish(message);
    };
    let output: ReturnType<RenderFunction>;
    try {
      output = render(values, system);
    } catch (error) {
      publish(error);
      throw error;
    }
    if (!(output instanceof Promise)) {
      publish(undefined);
      return output;
    }
    return output.then(
      (body) => {
        publish(undefined);
        return body;
      },
      (error: unknown) => {
        publish(error);
        throw error;
      },
    );
  };
  if (render.contentType !== undefined) traced.contentType = render.contentType;
  return traced;
}

async function renderWithSubscribers(
  request: Request,
  render: RenderFunction,
  values: unknown,
  system: RenderSystem,
  subscribers: ReadonlyArray<(event: never) => unknown>,
): Promise<Response> {
  const event = new BeforeRender(values, system);
  for (const subscriber of subscribers) await subscriber(event as never);
  return fill(request, render, await render(event.values, system));
}

/**
 * Render `result` with the view's renderer into request.response (or return it when it is a
 * Response). Synchronous unless BeforeRender has subscribers or the renderer is async.
 */
export function renderResult(
  request: Request,
  entry: ViewEntry,
  result: unknown,
): Response | Promise<Response> {
  if (result instanceof Response) return result;
  const render =
    renderChannel.hasSubscribers && entry.render !== null ? tracedRender(entry.render) : entry.render;
  if (render === null || entry.rendererName === null) {
    throw new ZigguratError(
      'ZIG_ERR_VIEW_RESULT',
      `View ${describeView(entry)} returned ${result === null ? 'null' : typeof result}, not a Response, and has no renderer`,
    );
  }
  const system: RenderSystem & { [RENDERED_VIEW]: ViewEntry } = {
    request,
    context: request.context,
    view: entry.original,
    renderer: entry.rendererName,
    [RENDERED_VIEW]: entry,
  };
  const subscribers = request.registry.subscribersFor(BeforeRender);
  if (subscribers.length > 0) return renderWithSubscribers(request, render, result, system, subscribers);
  const body = render(result, system);
  if (typeof body === 'string' || Buffer.isBuffer(body)) return fill(request, render, body);
  return body.then((resolved) => fill(request, render, resolved));
}
