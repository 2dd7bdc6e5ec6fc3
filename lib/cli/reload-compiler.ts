// The TypeScript compiler that `serve --reload` runs in watch mode: the app's own, from its node_modules.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CliIO } from './command.js';

const COMPILER_SCRIPT = fileURLToPath(new URL('./compiler-process.js', import.meta.url));

/** tsc's status line at the end of each compile in watch mode (English is its only default). */
const REPORT = /Found (\d+) errors?\. Watching for file changes\./;

/** A running `tsc --watch`. */
export interface Compiler {
  /** The tsconfig.json it compiles. */
  readonly tsconfig: string;
  /** Where it writes JavaScript (its resolved `outDir`), when the project sets one. */
  readonly outDir: string | undefined;
  /** Resolves when the compiler process has exited (closed, or failed). */
  readonly exited: Promise<void>;
  /** Stop it. */
  close(): void;
}

/** The app's own `typescript/bin/tsc`, resolved from the tsconfig's folder up; undefined when not installed. */
export function findTsc(tsconfig: string): string | undefined {
  try {
    return createRequire(tsconfig).resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/** The project's `outDir` as tsc resolves it (following `extends`), absolute; undefined when unset or unknown. */
async function outDirOf(tsc: string, tsconfig: string): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, '--showConfig', '-p', tsconfig], {
      timeout: 30_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const outDir = JSON.parse(stdout)?.compilerOptions?.outDir;
    return typeof outDir === 'string' ? resolve(dirname(tsconfig), outDir) : undefined;
  } catch {
    return undefined;
  }
}

function forward(child: ChildProcess, io: CliIO, onReport: (errors: number) => void): void {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    io.stdout.write(`${line}\n`);
    const report = REPORT.exec(line);
    if (report) onReport(Number(report[1]));
  });
  child.stderr?.pipe(io.stderr, { end: false });
}

/**
 * Start `tsc -p <tsconfig> --watch` with `tsc` (see `findTsc`), printing its output; `onReport` hears
 * the number of errors at the end of each compile (the first one included), once the JavaScript is written.
 * @example const compiler = await startCompiler('tsconfig.json', tsc, io, (errors) => errors === 0 && restart());
 */
export async function startCompiler(
  tsconfig: string,
  tsc: string,
  io: CliIO,
  onReport: (errors: number) => void,
): Promise<Compiler> {
  const outDir = await outDirOf(tsc, tsconfig);
  const pretty = (io.stdout as Partial<NodeJS.WriteStream>).isTTY === true;
  const args = [
    COMPILER_SCRIPT,
    tsc,
    '-p',
    tsconfig,
    '--watch',
    '--preserveWatchOutput',
    '--pretty',
    String(pretty),
  ];
  const child = spawn(process.execPath, args, {
    cwd: dirname(tsconfig),
    env: io.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let closing = false;
  forward(child, io, onReport);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve();
      if (closing) return;
      io.stderr.write(
        `ziggurat: the TypeScript compiler stopped (${signal ?? code}); .ts edits are not compiled until --reload starts again\n`,
      );
    }),
  );
  io.stdout.write(
    `ziggurat: compiling ${relative(io.cwd, tsconfig) || tsconfig} in watch mode (${relative(io.cwd, tsc) || tsc})\n`,
  );
  return {
    tsconfig,
    outDir,
    exited,
    close() {
      closing = true;
      child.kill('SIGTERM');
    },
  };
}
