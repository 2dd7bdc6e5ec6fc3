// Built-in helpers: URLs and the CSRF token, computed from the request in the template data.
import type Handlebars from 'handlebars';
import { type Request, ZigguratError } from '../../lib/index.js';

type Options = Handlebars.HelperOptions;

// The request of the template being rendered. Rendering is synchronous, so a slot set around the
// template call is exact; it is cheaper than Handlebars data, which costs a frame per loop iteration.
let rendering: Request | null = null;

/** Make `request` the request helpers see, for a synchronous render; returns what to restore. */
export function beginRender(request: Request | null): Request | null {
  const outer = rendering;
  rendering = request;
  return outer;
}

/** End a render begun with beginRender (nested renders restore the outer request). */
export function endRender(outer: Request | null): void {
  rendering = outer;
}

/**
 * The request a helper runs for: `options.data.request` when the caller passed one, else the
 * request of the view whose template is rendering. For your own helpers, too.
 * @example config.addHandlebarsHelper('userName', (options) => String(templateRequest(options).authenticatedUserid));
 */
export function templateRequest(options?: Options): Request {
  const request = (options?.data as { request?: Request } | undefined)?.request ?? rendering;
  if (!request)
    throw new ZigguratError(
      'ZIG_ERR_TEMPLATE',
      'This helper needs the request: render the template through a Ziggurat view',
    );
  return request;
}

/** `{{routeUrl 'item' id=item.id _query=q _anchor='top'}}`: hash arguments are the route's params. */
function routeOptions(options: Options) {
  const { _query, _anchor, _elements, ...params } = options.hash as Record<string, unknown>;
  return {
    params,
    ...(_query === undefined ? {} : { query: _query as Record<string, unknown> | string }),
    ...(_anchor === undefined ? {} : { anchor: String(_anchor) }),
    ...(_elements === undefined ? {} : { elements: ([] as unknown[]).concat(_elements).map(String) }),
  };
}

const BUILTIN_HELPERS: Record<string, Handlebars.HelperDelegate> = {
  routeUrl: (name: string, options: Options) =>
    templateRequest(options).routeUrl(name, routeOptions(options)),
  routePath: (name: string, options: Options) =>
    templateRequest(options).routePath(name, routeOptions(options)),
  staticUrl: (path: string, options: Options) => templateRequest(options).staticUrl(path),
  resourceUrl: (...args: unknown[]) => {
    const options = args.pop() as Options;
    const [resource, ...elements] = args;
    return templateRequest(options).resourceUrl(resource, ...elements.map(String));
  },
  csrfToken: (options: Options) => {
    const request = templateRequest(options) as Request & { csrfToken?: string };
    if (!('csrfToken' in request))
      throw new ZigguratError('ZIG_ERR_TEMPLATE', 'The csrfToken helper needs ziggurat/addons/csrf');
    return request.csrfToken;
  },
};

/**
 * Register the built-in helpers a template source uses. Handlebars copies and wraps every
 * registered helper on each render, so helpers no template names are left out; every compiled
 * template and partial passes through here, so one that starts using a helper gets it.
 */
export function registerBuiltinHelpersFor(handlebars: typeof Handlebars, source: string): void {
  for (const [name, helper] of Object.entries(BUILTIN_HELPERS)) {
    if (!(name in handlebars.helpers) && source.includes(name)) handlebars.registerHelper(name, helper);
  }
}
