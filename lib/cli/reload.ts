// `serve --reload`: run the server in a child process and restart it when a source file changes.
import { type ChildProcess, spawn } from 'node:child_process';
import { type FSWatcher, watch } from 'node:fs';
import { dirname } from 'node:path';
import type { CliIO } from './command.js';
import { MAIN_SCRIPT } from './paths.js';
import { SUPERVISED_ENV, shutdownSignals } from './signals.js';

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
    // The child ignores a second signal (the terminal's Ctrl-C reaches it too): this process forces.
    // No load balancer waits on a reloading server: it restarts without [server] shutdown_delay.
    env: { ...io.env, [SUPERVISED_ENV]: '1', SHUTDOWN_DELAY: '0' },
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
 * (changes arriving within 100 ms are one restart). A signal stops the child and the watcher; the
 * signal again, a second or more later, kills the child (SIGKILL) and exits 1.
 */
export async function serveWithReload(file: string, io: CliIO): Promise<number> {
  const signals = shutdownSignals();
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
  try {
    await signals.first;
    watcher.close();
    if (timer) clearTimeout(timer);
    const stopped = restarting.then(() => stopChild(child));
    const forced = signals.forced.then(() => {
      child.kill('SIGKILL');
      return 1;
    });
    return await Promise.race([stopped, forced]);
  } finally {
    signals.dispose();
  }
}
