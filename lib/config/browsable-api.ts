// The browsable API at commit: every view rendered by the json renderer gets a page describing its
// route (the methods its views answer, a form for each POST, PUT and PATCH view from its body
// schema), unless the `api.browsable` setting is false. Views of other renderers are left alone.
import { AcceptPredicate } from '../predicates/index.js';
import { asBool } from '../settings/values.js';
import type { RenderFunction } from '../types.js';
import { type BrowsableForm, formFields } from '../views/browsable/form.js';
import type { BrowsablePage } from '../views/browsable/page.js';
import { type BrowsableApp, browsableRender } from '../views/browsable/render.js';
import type { ViewSchema } from '../views/schema/types.js';
import type { Registry } from './registry.js';
import type { ConfigState, ViewEntry } from './state.js';
import { rendersJson } from './view-schemas.js';

/** The settings the browsable API reads: the `api` namespace. */
export const API_SETTINGS: readonly string[] = ['browsable', 'login_url'];

const FORM_METHODS = ['POST', 'PUT', 'PATCH'];

/** Views answering the same URLs: one route (or one context class) and view name. */
function siblingKey(entry: ViewEntry): string {
  return `${entry.routeName ?? `\0${entry.context?.name ?? '*'}`}\0${entry.name}`;
}

function allowOf(siblings: readonly ViewEntry[]): string[] | null {
  const methods = new Set<string>();
  for (const entry of siblings) {
    if (entry.methods === null) return null;
    for (const method of entry.methods) methods.add(method);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

function formsOf(siblings: readonly ViewEntry[]): BrowsableForm[] {
  const forms: BrowsableForm[] = [];
  for (const entry of siblings) {
    const body = (entry.options.schema as ViewSchema | undefined)?.body;
    for (const method of entry.methods ?? []) {
      if (FORM_METHODS.includes(method)) forms.push({ method, fields: formFields(body) });
    }
  }
  return forms;
}

function appOf(state: ConfigState, registry: Registry): BrowsableApp {
  const login = registry.settings['api.login_url'];
  const csrfHeader = registry.settings['csrf.header'];
  return {
    loginUrl: typeof login === 'string' && login.trim() !== '' ? login.trim() : null,
    secured: state.securityPolicy !== null,
    csrfHeader: state.requestMethods.has('csrfToken')
      ? typeof csrfHeader === 'string'
        ? csrfHeader
        : 'X-CSRF-Token'
      : null,
  };
}

/**
 * Whether a view's accept predicate offers HTML: it then answers browsers by design (its JSON is
 * what it means to send them), so it keeps its JSON.
 */
function offersHtml(entry: ViewEntry): boolean {
  return entry.predicates.some(
    (predicate) =>
      predicate instanceof AcceptPredicate &&
      predicate.offers.some(({ type, subtype }) => type === 'text' && subtype === 'html'),
  );
}

/** Wrap the json renderer of every JSON view with its browsable page. Runs at commit, after the schemas. */
export function applyBrowsableApi(state: ConfigState, registry: Registry): void {
  const setting = registry.settings['api.browsable'];
  if (setting !== undefined && !asBool(setting)) return;
  const json = state.views.filter(
    (entry) => entry.render !== null && rendersJson(state, entry) && !offersHtml(entry),
  );
  if (json.length === 0) return;
  const app = appOf(state, registry);
  // Pages are made for the first browser that asks for one (most views are never asked for by a
  // browser), one per route and view name; one wrapper serves every view with one renderer.
  const pages = new Map<string, BrowsablePage>();
  const describe = (entry: ViewEntry): BrowsablePage => {
    const key = siblingKey(entry);
    let page = pages.get(key);
    if (page === undefined) pages.set(key, (page = pageOf(state, entry, key)));
    return page;
  };
  const wrappers = new Map<RenderFunction, RenderFunction>();
  for (const entry of json) {
    const render = entry.render as RenderFunction;
    let wrapper = wrappers.get(render);
    if (wrapper === undefined) wrappers.set(render, (wrapper = browsableRender(render, describe, app)));
    entry.render = wrapper;
  }
}

/** The page of the views answering the same URLs as `entry` (`key`: their siblingKey). */
function pageOf(state: ConfigState, entry: ViewEntry, key: string): BrowsablePage {
  const siblings = state.views.filter((view) => siblingKey(view) === key);
  return {
    title: entry.routeName ?? (entry.name || entry.context?.name || 'API'),
    allow: allowOf(siblings),
    forms: formsOf(siblings),
  };
}
