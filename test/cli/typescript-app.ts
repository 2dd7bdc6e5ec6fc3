// A TypeScript app compiled in a temporary directory the way a scaffolded app is (the starter scaffold's
// tsconfig.json, `ziggurat` resolved to this checkout's dist/), and the real `ziggurat` command run on it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './helpers.js';

const run = promisify(execFile);
/** Generous: tsc type-checks against dist/ on a busy machine. */
const COMPILE_LIMIT_MS = 120_000;
const COMMAND_LIMIT_MS = 60_000;
/** The command as installed: bin/ziggurat.js, which runs dist/ (the app's `ziggurat` is dist/ too). */
export const BIN = `${ROOT}bin/ziggurat.js`;

/** What a finished command printed, and its exit code. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A compiled app in a temporary directory. */
export class TypeScriptApp {
  constructor(readonly dir: string) {}

  /**
   * The 1-based line of `file` (relative to the app) holding `marker`; a marker is a comment at the
   * end of the line a test expects a location to name.
   */
  lineOf(file: string, marker: string): number {
    const lines = readFileSync(join(this.dir, file), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes(marker));
    assert.ok(index >= 0, `${marker} is not in ${file}`);
    return index + 1;
  }

  /** Run `node [nodeArgs] script args` in the app's directory (no source-map flags unless given). */
  async node(script: string, args: string[] = [], nodeArgs: string[] = []): Promise<CommandResult> {
    try {
      const { stdout, stderr } = await run(process.execPath, [...nodeArgs, script, ...args], {
        cwd: this.dir,
        env: { PATH: process.env.PATH },
        timeout: COMMAND_LIMIT_MS,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: unknown; stdout?: string; stderr?: string };
      assert.equal(typeof failed.code, 'number', `${script} did not finish: ${String(error)}`);
      return { code: failed.code as number, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  /** Run the real `ziggurat ...args` in the app's directory. */
  ziggurat(...args: string[]): Promise<CommandResult> {
    return this.node(BIN, args);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Write `files` (paths relative to the app: `src/app.ts`, `development.ini`...) into a new temporary
 * directory and compile them with the starter scaffold's tsconfig.json.
 */
export async function compileApp(files: Record<string, string>): Promise<TypeScriptApp> {
  const dir = mkdtempSync(join(tmpdir(), 'ziggurat-ts-app-'));
  const app = new TypeScriptApp(dir);
  try {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'ts-app', private: true, type: 'module' }),
    );
    copyFileSync(`${ROOT}scaffolds/starter/tsconfig.json`, join(dir, 'tsconfig.json'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'ziggurat'), 'dir');
    symlinkSync(`${ROOT}node_modules/@types`, join(dir, 'node_modules', '@types'), 'dir');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    await run(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.json'], {
      cwd: dir,
      timeout: COMPILE_LIMIT_MS,
    }).catch((error: { stdout?: string; message: string }) => {
      assert.fail(`the app does not compile:\n${error.stdout ?? error.message}`);
    });
    return app;
  } catch (error) {
    app.remove();
    throw error;
  }
}
