// The .hbs renderer: finds and compiles the template at commit, renders the view's values into HTML.
import { type RenderFunction, type RenderSystem, type Request, ZigguratError } from '../../lib/index.js';
import { type TemplateEnvironment, templateError } from './environment.js';
import { beginRender, endRender } from './helpers.js';

const NO_SEGMENTS: readonly string[] = Object.freeze([]);
const NOTHING: Readonly<Record<string, never>> = Object.freeze({});

/**
 * What templates see of the request: plain own values, since Handlebars' prototype protection
 * rightly hides the Request's prototype members (its getters) from templates. URLs come from the
 * helpers (routeUrl, staticUrl, resourceUrl), which see the whole request.
 */
class TemplateRequestValues {
  path!: string;
  method!: string;
  query!: unknown;
  matchdict!: unknown;
  viewName!: string;
  subpath!: readonly string[];

  constructor() {
    this.clear();
  }

  fill(request: Request): this {
    this.path = request.path;
    this.method = request.method;
    this.query = request.query;
    this.matchdict = request.matchdict;
    this.viewName = request.viewName;
    this.subpath = request.subpath;
    return this;
  }

  /** Empty values: drops a finished request's, so nothing of it stays reachable from here. */
  clear(): void {
    this.path = this.method = this.viewName = '';
    this.query = this.matchdict = NOTHING;
    this.subpath = NO_SEGMENTS;
  }
}

/**
 * Rendering is synchronous, so one request-values object serves every render: filled before,
 * cleared after. A new object per render cost more than its allocation: V8 allocates some of
 * Handlebars' per-render copies of the context straight in the old generation, and those dead
 * copies kept it, and what it points to, alive through the next scavenges. In the page benchmark
 * that extra garbage collection was most of what Ziggurat cost over plain Fastify (measured with
 * --trace-gc-nvp: about 240 more bytes promoted per request). Should a render ever start inside
 * another (a helper calling a renderer), the inner one gets an object of its own.
 */
const sharedRequestValues = new TemplateRequestValues();
let sharedInUse = false;

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
    const own = valuesOf(value, path);
    const shared = !sharedInUse;
    const requestValues = shared ? sharedRequestValues : new TemplateRequestValues();
    sharedInUse = true;
    const outer = beginRender(system.request);
    try {
      return template({
        // render() without a request: the template sees empty request values.
        request: system.request === null ? requestValues : requestValues.fill(system.request),
        context: system.context,
        view: viewValues(system.view),
        ...own,
      });
    } catch (error) {
      throw templateError(path, error, 'Error rendering');
    } finally {
      endRender(outer);
      if (shared) {
        requestValues.clear();
        sharedInUse = false;
      }
    }
  };
  render.contentType = 'text/html; charset=utf-8';
  render.source = path;
  return render;
}
