// The .hbs renderer: finds and compiles the template at commit, renders the view's values into HTML.
import { type RenderFunction, type RenderSystem, type Request, ZigguratError } from '../../lib/index.js';
import { type TemplateEnvironment, templateError } from './environment.js';
import { beginRender, endRender } from './helpers.js';

/**
 * What templates see of the request: plain own values, copied once per render, since Handlebars'
 * prototype protection rightly hides the Request's prototype members (its getters) from templates.
 * URLs come from the helpers (routeUrl, staticUrl, resourceUrl), which see the whole request.
 */
class TemplateRequestValues {
  readonly path: string;
  readonly method: string;
  readonly query: unknown;
  readonly matchdict: unknown;
  readonly viewName: string;
  readonly subpath: readonly string[];

  constructor(request: Request) {
    this.path = request.path;
    this.method = request.method;
    this.query = request.query;
    this.matchdict = request.matchdict;
    this.viewName = request.viewName;
    this.subpath = request.subpath;
  }
}

/** What templates see of the view: its name (the view itself could be a function Handlebars would call). */
interface TemplateViewValues {
  readonly name: string;
}

const NO_VIEW: TemplateViewValues = Object.freeze({ name: '' });
// Made once per view rather than per render: reading a function's name goes through a native accessor.
const viewValuesCache = new WeakMap<object, TemplateViewValues>();

function viewValues(view: unknown): TemplateViewValues {
  if (view === null || (typeof view !== 'object' && typeof view !== 'function')) return NO_VIEW;
  let values = viewValuesCache.get(view);
  if (values === undefined) {
    values = Object.freeze({ name: String((view as { name?: unknown }).name ?? '') });
    viewValuesCache.set(view, values);
  }
  return values;
}

function valuesOf(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ZigguratError(
      'ZIG_ERR_VIEW_RESULT',
      `A view rendered with ${path} must return an object of template values, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  return value as Record<string, unknown>;
}

/** Make the render function for one template name (the template is found and compiled now). */
export function templateRenderer(environment: TemplateEnvironment, name: string): RenderFunction {
  const path = environment.find(name);
  // Without reload the compiled template never changes: look it up once, not per render.
  const compiled = environment.template(path);
  const reload = environment.reload;
  const render: RenderFunction = (value: unknown, system: RenderSystem) => {
    let template = compiled;
    if (reload) {
      environment.refreshPartials();
      template = environment.template(path);
    }
    const values = {
      request: new TemplateRequestValues(system.request),
      context: system.context,
      view: viewValues(system.view),
      ...valuesOf(value, path),
    };
    const outer = beginRender(system.request);
    try {
      return template(values);
    } catch (error) {
      throw templateError(path, error, 'Error rendering');
    } finally {
      endRender(outer);
    }
  };
  render.contentType = 'text/html; charset=utf-8';
  return render;
}
