// The Global panel: what is the same for every request of the app: its settings (secrets masked), routes,
// tween chain, and the versions of Node, Ziggurat and the packages installed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  listRoutes,
  listTweens,
  type Registry,
  type RouteDescription,
  type TweenDescription,
} from '../../../lib/index.js';
import { html, type Markup, show, table } from '../html.js';
import type { DebugPanel, PanelContext } from '../panel.js';

interface GlobalData {
  settings: [string, string][];
  routes: RouteDescription[];
  tweens: TweenDescription[];
  versions: [string, string][];
}

/** Setting names whose values are secrets. */
const SECRET_NAME = /secret|passw|token|key|credential|salt|private|auth/i;
const MASK = '********';

/** A setting's value as the panel shows it: masked when its name says secret, and a URL without its password. */
export function maskSetting(name: string, value: unknown): string {
  if (SECRET_NAME.test(name)) return MASK;
  const text = typeof value === 'string' ? value : show(value);
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/\s]*@/gi, `$1${MASK}@`);
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** The package.json above `start`, or null. */
function packageRoot(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** The installed version of each dependency of the packages at `roots` (the app's and Ziggurat's). */
function versions(roots: readonly string[]): [string, string][] {
  const found = new Map<string, string>([['node', process.version]]);
  for (const root of roots) {
    const manifest = readJson(join(root, 'package.json'));
    if (manifest === null) continue;
    found.set(String(manifest.name ?? root), String(manifest.version ?? '?'));
    for (const name of Object.keys((manifest.dependencies as Record<string, string> | undefined) ?? {})) {
      if (found.has(name)) continue;
      const installed = readJson(join(root, 'node_modules', name, 'package.json'));
      found.set(name, installed === null ? 'not found' : String(installed.version));
    }
  }
  return [...found];
}

function collectGlobal(registry: Registry): GlobalData {
  const own = packageRoot(dirname(fileURLToPath(import.meta.url)));
  const app = packageRoot(process.cwd());
  const roots = [...new Set([app, own].filter((root): root is string => root !== null))];
  return {
    settings: Object.entries(registry.settings)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => [name, maskSetting(name, value)]),
    routes: listRoutes(registry),
    tweens: listTweens(registry),
    versions: versions(roots),
  };
}

/** Shows the app's settings, routes, tweens and package versions (collected once per app). */
export class GlobalPanel implements DebugPanel<GlobalData> {
  readonly name = 'global';
  readonly title = 'Global';
  readonly #cache = new WeakMap<Registry, GlobalData>();

  collect({ registry }: PanelContext): GlobalData {
    let data = this.#cache.get(registry);
    if (data === undefined) this.#cache.set(registry, (data = collectGlobal(registry)));
    return data;
  }

  summary(data: GlobalData): string {
    return `${data.routes.length} routes`;
  }

  render(data: GlobalData): Markup {
    const routes = data.routes.map(
      (route) =>
        html`<tr><td>${route.name}</td><td><code>${route.pattern}</code></td><td>${route.methods.join(' ')}</td><td>${route.views.map((view) => view.callable).join(', ')}</td><td>${route.location}</td></tr>`,
    );
    return html`<h3>Settings</h3>${table(data.settings)}
<h3>Routes</h3><table><thead><tr><th>name</th><th>pattern</th><th>methods</th><th>views</th><th>added at</th></tr></thead><tbody>${routes}</tbody></table>
<h3>Tweens (outermost first)</h3><ol>${data.tweens.map((tween) => html`<li><code>${tween.name}</code> ${tween.location}</li>`)}</ol>
<h3>Versions</h3>${table(data.versions)}`;
  }
}
