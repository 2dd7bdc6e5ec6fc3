// What a debug panel is: a class registered with config.addDebugPanel, asked for its data once a request is
// answered and for its HTML when someone opens it.
import type { Registry, Request, Response } from '../../lib/index.js';
import type { Markup } from './html.js';
import type { RequestRecord } from './record.js';

/** What a panel's `collect` is given once the request it describes has its response. */
export interface PanelContext {
  readonly request: Request;
  /** The response the app answered (before the toolbar added itself to it). */
  readonly response: Response;
  /** What the toolbar recorded while the request ran: timings, renders, queries, permissions, logs. */
  readonly record: RequestRecord;
  readonly registry: Registry;
}

/**
 * A panel of the debug toolbar. `collect` runs once per recorded request, after its response: it
 * returns plain data (kept in the history, so it must not hold the request). `render` turns that
 * data into HTML each time the panel is opened; build it with `html` so values are escaped.
 * @example
 * class CachePanel implements DebugPanel<{ hits: number }> {
 *   readonly name = 'cache';
 *   readonly title = 'Cache';
 *   collect({ request }: PanelContext) { return { hits: cacheHits(request) }; }
 *   render(data: { hits: number }) { return html`<p>${data.hits} hits</p>`; }
 * }
 * config.addDebugPanel(CachePanel);
 */
export interface DebugPanel<Data = unknown> {
  /** The panel's id: lower-case letters, digits and dashes, unique in the app. */
  readonly name: string;
  /** Its tab's title. */
  readonly title: string;
  collect(context: PanelContext): Data | Promise<Data>;
  render(data: Data): Markup | string;
  /** A short text shown beside the title in the tab (a count, a time), from the collected data. */
  summary?(data: Data): string;
}

/** A panel class: made once, with no arguments, when the directive is called. */
export type DebugPanelClass = new () => DebugPanel<any>;

const PANEL_NAME = /^[a-z][a-z0-9-]*$/;

/** Make the panel a class describes, or explain why it is not one. */
export function makePanel(
  given: unknown,
): { panel: DebugPanel; problem: null } | { panel: null; problem: string } {
  if (typeof given !== 'function') return { panel: null, problem: `got ${typeof given}, not a class` };
  let panel: DebugPanel;
  try {
    panel = new (given as new () => DebugPanel)();
  } catch (error) {
    return { panel: null, problem: `new ${given.name}() threw: ${(error as Error).message}` };
  }
  if (typeof panel.name !== 'string' || !PANEL_NAME.test(panel.name))
    return { panel: null, problem: `${given.name}'s name must be lower-case letters, digits and dashes` };
  if (
    typeof panel.title !== 'string' ||
    typeof panel.collect !== 'function' ||
    typeof panel.render !== 'function'
  )
    return { panel: null, problem: `${given.name} needs a title, collect(context) and render(data)` };
  return { panel, problem: null };
}
