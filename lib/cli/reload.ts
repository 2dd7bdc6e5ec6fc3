// `serve --reload`: compile a TypeScript app in watch mode, and restart its server when its code changes.
import { type FSWatcher, watch } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { findTsconfig } from '../settings/typescript-project.js';
import type { CliIO } from './command.js';
import { changeKind, snapshot, type Watched } from './reload-changes.js';
import { type Compiler, findTsc, startCompiler } from './reload-compiler.js';
import { ReloadServers } from './reload-servers.js';
import { shutdownSignals } from './signals.js';

/** Changes arriving within this many milliseconds are one restart. */
const SETTLE_MS = 100;

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
    `ziggurat: ${tsconfig} found, but no TypeScript (npm install): .ts edits are not compiled\n`,
  );
  return undefined;
}

/** `path` relative to `root` when it is inside it (the compiler's outDir, as the watcher names changes). */
function insideOf(root: string, path: string | undefined): string | undefined {
  const inside = path === undefined ? undefined : relative(root, path);
  return inside === undefined || inside.startsWith('..') || isAbsolute(inside) ? undefined : inside;
}

/** Restart for a burst of changes that needs it; say so for templates the server re-reads itself. */
function reactTo(changes: string[], watched: Watched, io: CliIO, restart: () => void): void {
  const kinds = changes.map((changed) => ({ changed, kind: changeKind(changed, watched) }));
  const restarting = kinds.find(({ kind }) => kind === 'restart');
  const template = kinds.find(({ kind }) => kind === 'template');
  if (restarting) {
    io.stdout.write(`ziggurat: ${restarting.changed} changed, restarting\n`);
    restart();
  } else if (template) {
    io.stdout.write(`ziggurat: ${template.changed} changed (handlebars.reload: no restart)\n`);
  }
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
  const watched: Watched = { root, compiler: undefined, files: new Set(), templates: new Set() };
  let started = false;
  const restart = () => {
    snapshot(file, io.env, watched);
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
  if (compiler) watched.compiler = { outDir: insideOf(root, compiler.outDir) };
  const watcher = watchChanges(root, (changes) => {
    // Before the first start there is nothing to restart: the start will see the changes.
    if (started) reactTo(changes, watched, io, restart);
  });
  io.stdout.write(`ziggurat: watching ${root} for changes\n`);
  // The server starts once the first compile has written the JavaScript (or the compiler failed).
  void (compiler ? Promise.race([compiled, compiler.exited]) : Promise.resolve()).then(() => {
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
