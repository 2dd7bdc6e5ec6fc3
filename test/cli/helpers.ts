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
export function fixtureSettings(app = '', server = 'host = 127.0.0.1\nport = 0'): string {
  return `[app]\nuse = ${FIXTURE_APP}\ngreeting = hi\n${app}\n[server]\n${server}\n[logging]\nlevel = warn\n`;
}

/** A running `ziggurat` process whose output can be awaited line by line. */
export class CliProcess {
  readonly child: ChildProcess;
  output = '';
  readonly #waiters: Array<{ pattern: RegExp; from: number; resolve: (match: RegExpExecArray) => void }> = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
    this.child = spawn(process.execPath, [MAIN, ...args], {
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

  /** The next match of `pattern` in output written from `from` on (default: all output so far). */
  waitFor(pattern: RegExp, from = 0): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ pattern, from, resolve });
      this.exited.then((code) =>
        reject(new Error(`exited (${code}) before printing ${pattern}; output:\n${this.output}`)),
      );
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
}
