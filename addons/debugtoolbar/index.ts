// ziggurat/addons/debugtoolbar: pyramid_debugtoolbar for Ziggurat: panels for every request of an allowed
// client, added to its HTML pages, and a history at /_debug_toolbar/.
import {
  ConfigurationError,
  type Configurator,
  type Handler,
  INGRESS,
  PHASE,
  type Registry,
  SYNCABLE_TWEEN,
  timeTweens,
} from '../../lib/index.js';
import { registerPages } from './pages.js';
import { type DebugPanel, type DebugPanelClass, makePanel } from './panel.js';
import { DispatchPanel } from './panels/dispatch.js';
import { GlobalPanel } from './panels/global.js';
import { LogsPanel } from './panels/logs.js';
import { PerformancePanel } from './panels/performance.js';
import { RenderingPanel } from './panels/rendering.js';
import { RequestPanel } from './panels/request.js';
import { SqlPanel } from './panels/sql.js';
import { readToolbarOptions, refuseProduction, TOOLBAR_SETTINGS } from './settings.js';
import { type SyncableHandler, Toolbar } from './toolbar.js';

export { escapeHtml, html, type Markup, ms, raw, show, table } from './html.js';
export type { DebugPanel, DebugPanelClass, PanelContext } from './panel.js';
export { maskSetting } from './panels/global.js';
export type {
  LogRecord,
  PermitRecord,
  QueryRecord,
  RenderRecord,
  RequestRecord,
  TweenTime,
} from './record.js';

declare module '../../lib/index.js' {
  interface Settings {
    /** Client addresses and CIDR ranges the toolbar answers (default `127.0.0.1 ::1`). */
    'debugtoolbar.hosts'?: string | readonly string[];
    /** How many requests the history at /_debug_toolbar/ keeps (default 100). */
    'debugtoolbar.max_requests'?: number | string;
    /** Load the toolbar even with NODE_ENV=production (default false). */
    'debugtoolbar.force'?: boolean | string;
    /** Answer redirects with a page that shows where they go, and the toolbar (default false). */
    'debugtoolbar.intercept_redirects'?: boolean | string;
  }
  interface Configurator {
    /**
     * Add a panel to the debug toolbar: a class made once with no arguments, implementing DebugPanel
     * (name, title, collect, render). Added by ziggurat/addons/debugtoolbar.
     * @example config.addDebugPanel(CachePanel);
     */
    addDebugPanel(panel: DebugPanelClass): void;
  }
}

const BUILT_IN_PANELS: readonly DebugPanelClass[] = [
  RequestPanel,
  DispatchPanel,
  RenderingPanel,
  SqlPanel,
  PerformancePanel,
  LogsPanel,
  GlobalPanel,
];

function addDebugPanel(target: Configurator, panels: DebugPanel[], given: DebugPanelClass): void {
  const made = makePanel(given);
  if (made.panel === null)
    throw new ConfigurationError(`addDebugPanel needs a debug panel class: ${made.problem}`, {
      code: 'ZIG_ERR_DEBUGTOOLBAR',
    });
  const panel = made.panel;
  // The discriminator makes two panels of one name a configuration conflict (or an override).
  target.action(`ziggurat.debugtoolbar panel ${panel.name}`, () => {
    const at = panels.findIndex((known) => known.name === panel.name);
    if (at === -1) panels.push(panel);
    else panels[at] = panel;
  });
}

/**
 * Include from development.ini (`ziggurat.includes = ziggurat/addons/debugtoolbar`): for each request
 * of a client in `debugtoolbar.hosts`, the panels (Request, Dispatch, Rendering, SQL, Performance,
 * Logs, Global, and those added with `config.addDebugPanel`) are collected into a history at
 * `/_debug_toolbar/`, and HTML pages get a tab that opens them. Refuses to load when
 * NODE_ENV=production unless `debugtoolbar.force` is set.
 * @example
 * import debugtoolbar from 'ziggurat/addons/debugtoolbar';
 * config.include(debugtoolbar);
 */
export function includeme(config: Configurator): void {
  refuseProduction(config.registry.settings);
  // The channels are listened to only while a request is recorded: the tweens are timed all the same.
  timeTweens(config.registry);
  const panels: DebugPanel[] = [];
  let toolbar: Toolbar | null = null;
  config.declareSettings('debugtoolbar', TOOLBAR_SETTINGS);
  config.addDirective('addDebugPanel', (target: Configurator, panel: DebugPanelClass) =>
    addDebugPanel(target, panels, panel),
  );
  for (const panel of BUILT_IN_PANELS) config.addDebugPanel(panel);
  config.action(
    'ziggurat.debugtoolbar',
    () => {
      refuseProduction(config.registry.settings);
      toolbar = new Toolbar(readToolbarOptions(config.registry.settings), panels, config.registry);
    },
    { order: PHASE.EXTENSIONS },
  );
  // Added by an action of the last phase, so it is the last tween added: the implicit order puts it
  // outermost, above the app's own tweens, and its time is the whole request's.
  // Marked SYNCABLE_TWEEN: a request it does not record goes straight to the next handler, no promise added.
  const factory = Object.assign(
    function debugtoolbar(handler: Handler, _registry: Registry): Handler {
      const next = handler as unknown as SyncableHandler;
      return (toolbar === null ? next : toolbar.tween(next)) as unknown as Handler;
    },
    { [SYNCABLE_TWEEN]: true },
  );
  config.action(null, () => config.addTween(factory, { under: INGRESS }));
  config.configureFastify((app) => {
    if (toolbar !== null) registerPages(app, toolbar);
  });
}

export default includeme;
