// Helpers for the CLI tests: run the command in-process or as a real process, and the fixture app's paths.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../lib/cli/index.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The committed settings file of the fixture app (its `use` points into build/). */
export const FIXTURE_INI = `${ROOT}test/cli/fixture-app/development.ini`;
export const FIXTURE_DIR = `${ROOT}test/cli/fixture-app`;
/** The compiled fixture app module. */
export const FIXTURE_APP = `${ROOT}build/test/cli/fixture-app/app.js`;
/** The compiled app that dispatches by traversal only (no routes), with a static view. */
export const TRAVERSAL_APP = `${ROOT}build/test/cli/traversal-app/app.js`;
/** The compiled app of the server tests (busy, echo and scheme routes). */
export const SERVER_APP = `${ROOT}build/test/cli/server-app/app.js`;
const MAIN = `${ROOT}build/lib/cli/main.js`;

/** Run `ziggurat ...argv` in-process; collect the output. */
export async function cli(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {},
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk) => out.push(String(chunk)));
  stderr.on('data', (chunk) => err.push(String(chunk)));
  const stdin = options.stdin === undefined ? undefined : PassThrough.from([options.stdin]);
  const code = await runCli(argv, {
    stdout,
    stderr,
    cwd: options.cwd ?? FIXTURE_DIR,
    env: options.env ?? {},
    ...(stdin ? { stdin } : {}),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A temporary directory holding a settings file with `body` (written as `name`). */
export function settingsDir(body: string, name = 'development.ini'): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ziggurat-cli-'));
  const file = join(dir, name);
  writeFileSync(file, body);
  return { dir, file };
}

/** A settings file for the fixture app with extra [app] lines and a [server] section. */
export function fixtureSettings(app = '', server = 'host = 127.0.0.1\nport = 0\nshutdown_delay = 0'): string {
  return `[app]\nuse = ${FIXTURE_APP}\ngreeting = hi\n${app}\n[server]\n${server}\n[logging]\nlevel = warn\n`;
}

/** A settings file for the server tests' app: extra [app] lines and [server] lines (port 0, no shutdown delay). */
export function serverAppSettings(app = '', server = ''): string {
  return `[app]\nuse = ${SERVER_APP}\n${app}\n[server]\nhost = 127.0.0.1\nport = 0\nshutdown_delay = 0\n${server}\n[logging]\nlevel = warn\n`;
}

/** `promise`, or a rejection naming `what` after `ms` milliseconds (so that no test waits forever). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A running `ziggurat` process whose output can be awaited line by line. */
export class CliProcess {
  readonly child: ChildProcess;
  output = '';
  readonly #waiters: Array<{ pattern: RegExp; from: number; resolve: (match: RegExpExecArray) => void }> = [];
  readonly exited: Promise<number | null>;

  /** The working directory the process runs in. */
  readonly cwd: string;

  /** `script`: the command's entry to run (default build/lib/cli/main.js; bin/ziggurat.js runs dist/). */
  constructor(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; script?: string }) {
    this.cwd = options.cwd;
    this.child = spawn(process.execPath, [options.script ?? MAIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      this.output += String(chunk);
      this.#check();
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  #check(): void {
    for (const waiter of [...this.#waiters]) {
      const match = waiter.pattern.exec(this.output.slice(waiter.from));
      if (match) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  }

  /**
   * The next match of `pattern` in output written from `from` on (default: all output so far); rejects
   * when the process exits first or after `ms` milliseconds.
   */
  waitFor(pattern: RegExp, from = 0, ms = 30_000): Promise<RegExpExecArray> {
    return new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${pattern} within ${ms} ms; output:\n${this.output}`)),
        ms,
      );
      this.#waiters.push({
        pattern,
        from,
        resolve: (match) => {
          clearTimeout(timer);
          resolve(match);
        },
      });
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`exited (${code}) before printing ${pattern}; output:\n${this.output}`));
      });
      this.#check();
    });
  }

  /** Wait for the URL the server prints. */
  async url(from = 0): Promise<string> {
    return (await this.waitFor(/serving .* at (http:\/\/\S+) /, from))[1] as string;
  }

  stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** Kill the process (and, for a cluster primary, leave its workers to exit on the lost channel). */
  kill(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }
}
