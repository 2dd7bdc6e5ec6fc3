// Which file changes restart the server of `serve --reload`, and which are the compiler's or the templates'.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { loadSettings } from '../settings/settings-file.js';
import { asBool } from '../settings/values.js';

/** Folders whose changes are not the app's sources: dependencies, and `var/`, where apps keep their data. */
const IGNORED_FOLDERS = new Set(['node_modules', 'var']);

/**
 * Whether a change (a path relative to the watched directory) leaves the server running: anything under
 * `node_modules/`, `var/` (a SQLite database written by the app itself) or a dot-file or dot-directory.
 * @example isIgnoredChange('var/app.sqlite-journal') // true
 */
export function isIgnoredChange(relative: string): boolean {
  return relative.split(/[\\/]/).some((part) => IGNORED_FOLDERS.has(part) || part.startsWith('.'));
}

/**
 * Whether a change is the TypeScript compiler's business when it runs: a TypeScript source or
 * declaration, a tsconfig, tsc's build info, or a file under its `outDir` (`outDir` relative to the
 * watched directory). The compiler's report, not the change, restarts the server.
 * @example isCompilerChange('src/views/home.ts', 'dist') // true
 */
export function isCompilerChange(relative: string, outDir: string | undefined): boolean {
  const inOutDir = outDir !== undefined && (relative === outDir || relative.startsWith(`${outDir}${sep}`));
  return (
    inOutDir ||
    /\.[cm]?tsx?$/.test(relative) ||
    /^tsconfig.*\.json$/.test(basename(relative)) ||
    relative.endsWith('.tsbuildinfo')
  );
}

/** What the reloader does about a change. */
export type ChangeKind = 'ignore' | 'template' | 'restart';

/** What the reloader classifies changes with; `snapshot` makes it at each start. */
export interface Watched {
  root: string;
  /** The compiler's outDir relative to root (undefined: no compiler, or no outDir). */
  compiler: { outDir: string | undefined } | undefined;
  /** The files (absolute) under root when the server last started, but ignored ones. */
  files: Set<string>;
  /** The .hbs files (absolute) the running server re-reads itself (handlebars.reload): no restart. */
  templates: Set<string>;
}

/**
 * What to do about a change (a path relative to the watched root): nothing for ignored files, for the
 * compiler's files (its report restarts) and for a file that is gone and was not there at the last start
 * (an editor's or `sed -i`'s temporary file); nothing but a line for a template the server re-reads;
 * else restart.
 * @example changeKind('static/site.css', watched) // 'restart'
 */
export function changeKind(changed: string, watched: Watched): ChangeKind {
  if (changed === '' || isIgnoredChange(changed)) return 'ignore';
  if (watched.compiler && isCompilerChange(changed, watched.compiler.outDir)) return 'ignore';
  const path = join(watched.root, changed);
  if (!existsSync(path) && !watched.files.has(path)) return 'ignore';
  return watched.templates.has(path) ? 'template' : 'restart';
}

/** Add the files under `directory` to `found`, not descending into ignored folders or `skip`. */
function collectFiles(root: string, directory: string, skip: string | undefined, found: Set<string>): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    const inside = relative(root, path);
    if (isIgnoredChange(inside) || inside === skip) continue;
    if (entry.isDirectory()) collectFiles(root, path, skip, found);
    else found.add(path);
  }
}

/**
 * The files under `watched.root` now (but the compiler's outDir), and the templates among them that a
 * server started now re-reads itself: with `handlebars.reload` on in `file`, the `.hbs` files (a new or
 * deleted one still restarts, since partials are listed at start).
 */
export function snapshot(file: string, env: NodeJS.ProcessEnv, watched: Watched): void {
  let reload = false;
  try {
    reload = asBool(loadSettings(file, env).app['handlebars.reload']);
  } catch {
    // A broken settings file: the server will say what is wrong; restart on every change meanwhile.
  }
  const files = new Set<string>();
  collectFiles(watched.root, watched.root, watched.compiler?.outDir, files);
  watched.files = files;
  watched.templates = new Set(reload ? [...files].filter((path) => path.endsWith('.hbs')) : []);
}
