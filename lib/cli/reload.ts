// `serve --reload`: compile a TypeScript app in watch mode, and restart its server when its code changes.
import { type FSWatcher, readdirSync, watch } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { loadSettings } from '../settings/settings-file.js';
import { findTsconfig } from '../settings/typescript-project.js';
import { asBool } from '../settings/values.js';
import type { CliIO } from './command.js';
import { type Compiler, findTsc, startCompiler } from './reload-compiler.js';
import { ReloadServers } from './reload-servers.js';
import { shutdownSignals } from './signals.js';

/** Folders whose changes are not the app's sources: dependencies, and `var/`, where apps keep their data. */
const IGNORED_FOLDERS = new Set(['node_modules', 'var']);

/** Changes arriving within this many milliseconds are one restart. */
const SETTLE_MS = 100;

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
type ChangeKind = 'ignore' | 'template' | 'restart';

/** The state the reloader classifies changes with. */
interface Watched {
  root: string;
  /** The compiler's outDir relative to root (undefined: no compiler, or no outDir). */
  compiler: { outDir: string | undefined } | undefined;
  /** The .hbs files (absolute) the running server re-reads itself (handlebars.reload): no restart. */
  templates: Set<string>;
}

function changeKind(changed: string, watched: Watched): ChangeKind {
  if (changed === '' || isIgnoredChange(changed)) return 'ignore';
  if (watched.compiler && isCompilerChange(changed, watched.compiler.outDir)) return 'ignore';
  return watched.templates.has(join(watched.root, changed)) ? 'template' : 'restart';
}

/**
 * The templates a server started now re-reads on change by itself: with `handlebars.reload` on, the
 * `.hbs` files under `root` (a new or deleted one still restarts, since partials are listed at start).
 */
function reloadedTemplates(file: string, io: CliIO, root: string, skip: string | undefined): Set<string> {
  let reload = false;
  try {
    reload = asBool(loadSettings(file, io.env).app['handlebars.reload']);
  } catch {
    // A broken settings file: the server will say what is wrong; restart on every change meanwhile.
  }
  const found = new Set<string>();
  if (!reload) return found;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const inside = relative(root, path);
    if (!entry.isFile() || !entry.name.endsWith('.hbs') || isIgnoredChange(inside)) continue;
    if (skip === undefined || !inside.startsWith(`${skip}${sep}`)) found.add(path);
  }
  return found;
}

/** Start the app's `tsc --watch` when it has a tsconfig.json and TypeScript; `onReport` as startCompiler's. */
async function compilerFor(
  file: string,
  io: CliIO,
  onReport: (errors: number) => void,
): Promise<Compiler | undefined> {
  const tsconfig = findTsconfig(file);
  if (tsconfig === undefined) return undefined;
  const tsc = findTsc(tsconfig);
  if (tsc !== undefined) return startCompiler(tsconfig, tsc, io, onReport);
  io.stderr.write(
    `ziggurat: ${tsconfig} but no TypeScript installed (npm install): .ts edits are not compiled\n`,
  );
  return undefined;
}

/** Watch `root`, calling `settled` with the changes of each burst (SETTLE_MS without another). */
function watchChanges(root: string, settled: (changes: string[]) => void): { close(): void } {
  let timer: NodeJS.Timeout | null = null;
  let changes: string[] = [];
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, name) => {
    changes.push(String(name ?? ''));
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const burst = changes;
      changes = [];
      settled(burst);
    }, SETTLE_MS);
  });
  return {
    close() {
      watcher.close();
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * Serve `file` with restarts. When the app has a tsconfig.json (beside the settings file or in its
 * root) and TypeScript, its `tsc --watch` runs alongside: the server starts after the first compile and
 * restarts after each compile without errors (the errors are printed, and the server keeps the code it
 * runs). Any other change under the settings file's directory restarts it, but for a template the
 * server re-reads itself (`handlebars.reload`). A restart starts the new server before stopping the old,
 * on the same listening socket (`ReloadServers`): no request is refused. A signal stops everything; the
 * signal again, a second or more later, kills the servers (SIGKILL) and exits 1.
 */
export async function serveWithReload(file: string, io: CliIO): Promise<number> {
  const signals = shutdownSignals();
  const servers = new ReloadServers(file, io);
  const root = dirname(file);
  const watched: Watched = { root, compiler: undefined, templates: new Set() };
  let started = false;
  const restart = () => {
    watched.templates = reloadedTemplates(file, io, root, watched.compiler?.outDir);
    servers.restart();
  };
  let firstCompile: () => void = () => {};
  const compiled = new Promise<void>((resolve) => (firstCompile = resolve));
  const compiler = await compilerFor(file, io, (errors) => {
    if (errors > 0)
      io.stdout.write(`ziggurat: ${errors} compile error(s): the server keeps the code it runs\n`);
    if (!started) firstCompile();
    else if (errors === 0) {
      io.stdout.write('ziggurat: compiled, restarting\n');
      restart();
    }
  });
  if (compiler) {
    const outDir = compiler.outDir && relative(root, compiler.outDir);
    watched.compiler = { outDir: outDir?.startsWith('..') ? undefined : outDir };
  }
  const watcher = watchChanges(root, (changes) => {
    if (!started) return; // the first start is still to come, and will see them
    const kinds = changes.map((changed) => ({ changed, kind: changeKind(changed, watched) }));
    const restarting = kinds.find(({ kind }) => kind === 'restart');
    const template = kinds.find(({ kind }) => kind === 'template');
    if (restarting) {
      io.stdout.write(`ziggurat: ${restarting.changed} changed, restarting\n`);
      restart();
    } else if (template) {
      io.stdout.write(`ziggurat: ${template.changed} changed (handlebars.reload: no restart)\n`);
    }
  });
  io.stdout.write(`ziggurat: watching ${root} for changes\n`);
  void (compiler ? compiled : Promise.resolve()).then(() => {
    started = true;
    restart();
  });
  try {
    await signals.first;
    watcher.close();
    compiler?.close();
    const stopped = servers.close();
    const forced = signals.forced.then(() => {
      servers.kill();
      return 1;
    });
    return await Promise.race([stopped, forced]);
  } finally {
    signals.dispose();
  }
}
