// An error's stack as frames: each line parsed (stack-utils), mapped to the TypeScript source when the
// process did not map it already, and sorted into the app's frames and the framework's (Ziggurat's own,
// node_modules, Node's internals), for the development error page.
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import StackUtils from 'stack-utils';
import { originalPosition } from '../declarative/source-map.js';

/** One frame of a stack. */
export interface StackFrame {
  /** The function (`Pages.show`, `async boom`), or null for top-level code. */
  readonly fn: string | null;
  /** The absolute path (or `node:internal/...`), or null when the line named no file. */
  readonly file: string | null;
  readonly line: number;
  readonly column: number;
  /** `app`: a file of the app itself; `framework`: Ziggurat, a package in node_modules, or Node. */
  readonly kind: 'app' | 'framework';
}

// No `cwd` prefix to strip (none starts with NUL): paths stay absolute.
const parser = new StackUtils({ cwd: '\0', internals: [] });

// Where Ziggurat's own code is: beside this compiled file (dist/ or build/), and the TypeScript
// sources its source maps point at (lib/ and addons/ above it).
const OUT = fileURLToPath(new URL('../../', import.meta.url));
const FRAMEWORK_DIRS = ['lib', 'addons'].flatMap((dir) => [
  `${OUT}${dir}${sep}`,
  `${fileURLToPath(new URL('../../../', import.meta.url))}${dir}${sep}`,
]);

function pathOf(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : file;
}

function isFramework(file: string | null, appRoot: string): boolean {
  if (file === null || !isAbsolute(file)) return true;
  if (file.includes(`${sep}node_modules${sep}`)) return true;
  if (FRAMEWORK_DIRS.some((dir) => file.startsWith(dir))) return true;
  return !isInside(file, appRoot);
}

/** Whether `file` is below `dir`. */
export function isInside(file: string, dir: string): boolean {
  const path = relative(dir, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}

function frameOf(line: string, appRoot: string): StackFrame | null {
  const parsed = parser.parseLine(line);
  if (parsed === null) return null;
  let file = parsed.file === undefined ? null : pathOf(parsed.file);
  let lineNumber = parsed.line ?? 0;
  const column = parsed.column ?? 0;
  // A process started without source maps reports the compiled .js: ask its map for the .ts line.
  const mapped = file === null ? null : originalPosition(file, lineNumber, column);
  if (mapped !== null) ({ file, line: lineNumber } = mapped);
  const fn = parsed.function ?? null;
  return { fn, file, line: lineNumber, column, kind: isFramework(file, appRoot) ? 'framework' : 'app' };
}

/**
 * The frames of `stack` (an error's `stack` text), the app's told apart from the framework's: a file below
 * `appRoot` that is not in node_modules nor Ziggurat's own.
 * @example stackFrames(error.stack, process.cwd()).filter((frame) => frame.kind === 'app')
 */
export function stackFrames(stack: string, appRoot: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    if (!/^\s+at /.test(line)) continue;
    const frame = frameOf(line, appRoot);
    if (frame !== null) frames.push(frame);
  }
  return frames;
}
