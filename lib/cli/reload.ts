// `serve --reload`: run the server in a child process and restart it when a source file changes.
import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import { dirname } from 'node:path';
import type { CliIO } from './command.js';
import { MAIN_SCRIPT } from './paths.js';
import { shutdownSignal } from './signals.js';

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

function startChild(file: string, io: CliIO): ChildProcess {
  const child = spawn(process.execPath, [...process.execArgv, MAIN_SCRIPT, 'serve', file], {
    cwd: io.cwd,
    env: io.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(io.stdout, { end: false });
  child.stderr?.pipe(io.stderr, { end: false });
  return child;
}

function stopChild(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode ?? 1);
      return;
    }
    child.once('exit', (code) => resolve(code ?? 1));
    child.kill('SIGTERM');
  });
}

/**
 * Serve `file` in a child process; a change under the settings file's directory restarts it
 * (changes arriving within 100 ms are one restart). A signal stops the child and the watcher.
 */
export async function serveWithReload(file: string, io: CliIO): Promise<number> {
  const signal = shutdownSignal();
  let child = startChild(file, io);
  let timer: NodeJS.Timeout | null = null;
  let restarting: Promise<void> = Promise.resolve();
  const restart = (changed: string) => {
    timer = null;
    restarting = restarting.then(async () => {
      io.stdout.write(`ziggurat: ${changed} changed, restarting\n`);
      await stopChild(child);
      child = startChild(file, io);
    });
  };
  const watcher: FSWatcher = watch(dirname(file), { recursive: true }, (_event, name) => {
    const changed = String(name ?? '');
    if (changed === '' || isIgnoredChange(changed)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => restart(changed), 100);
  });
  io.stdout.write(`ziggurat: watching ${dirname(file)} for changes\n`);
  await signal;
  watcher.close();
  if (timer) clearTimeout(timer);
  await restarting;
  return stopChild(child);
}
