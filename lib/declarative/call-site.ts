// Where a directive was called from: the file, line and column of the caller's frame, found when the
// directive is called, and formatted as `file:line` (source-mapped) only when a message needs it.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { originalPosition } from './source-map.js';

const FRAMEWORK_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Frames inside the framework (its core and its own add-ons, compiled or, with source maps, the .ts
// source) are skipped, so the location names the user's line (or a third-party add-on's): what the
// SQL add-on records when `config.include(sql)` runs is located at that include.
const FRAMEWORK_DIRS = ['dist/lib/', 'build/lib/', 'lib/', 'dist/addons/', 'build/addons/', 'addons/'].map(
  (dir) => FRAMEWORK_ROOT + dir,
);
// The same directories as V8 names ES modules' files, so that frames are checked without parsing URLs.
const FRAMEWORK_URLS = FRAMEWORK_DIRS.map((dir) => pathToFileURL(dir).href);
/** A frame of a file on disk (node:internal and eval frames have no such name). */
const FILE_NAME = /^(?:file:\/\/|\/|[A-Za-z]:\\)/;
/** Frames looked at first: enough for the framework's own frames above the caller's in most calls. */
const SHORT_DEPTH = 4;
const FULL_DEPTH = 40;

/** The caller's frame: a file name as V8 gives it (a path or a file: URL), a 1-based line and column. */
interface Frame {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A captured call site. It keeps only the caller's file name (a string V8 already holds for the
 * module, so it is shared), line and column: an app keeps one per route and view for as long as it
 * runs, for error messages and introspection, so it has to be small.
 */
export class CallSite {
  // The frame's fields, not the frame: one object less per site.
  readonly #file: string | null;
  readonly #line: number;
  readonly #column: number;
  readonly #label: string | null;

  constructor(frame: Frame | null, label: string | null = null) {
    this.#file = frame?.file ?? null;
    this.#line = frame?.line ?? 0;
    this.#column = frame?.column ?? 0;
    this.#label = label;
  }

  /**
   * `path/to/file.ts:12`, relative to the working directory when below it, then the label if any. A
   * compiled file's line is mapped to the TypeScript source when its source map is there.
   */
  get location(): string {
    const where = this.#file === null ? '<unknown location>' : locate(this.#file, this.#line, this.#column);
    return this.#label === null ? where : `${where} (${this.#label})`;
  }

  /** The same place, described: `views.ts:12 (@viewConfig on ItemViews.list)`. */
  labelled(label: string): CallSite {
    const frame = this.#file === null ? null : { file: this.#file, line: this.#line, column: this.#column };
    return new CallSite(frame, label);
  }

  toString(): string {
    return this.location;
  }
}

function isFrameworkFile(file: string): boolean {
  const dirs = file.startsWith('file://') ? FRAMEWORK_URLS : FRAMEWORK_DIRS;
  return dirs.some((dir) => file.startsWith(dir));
}

/** The first frame outside the framework, as Error.prepareStackTrace sees the stack; null if none. */
function callerFrame(_error: Error, frames: readonly NodeJS.CallSite[]): Frame | null {
  for (const frame of frames) {
    const file = frame.getFileName();
    if (file === undefined || file === null || !FILE_NAME.test(file) || isFrameworkFile(file)) continue;
    return { file, line: frame.getLineNumber() ?? 0, column: frame.getColumnNumber() ?? 0 };
  }
  return null;
}

/** The stack's first frame outside the framework, looking at `depth` frames. */
function findCaller(depth: number): { frame: Frame | null; complete: boolean } {
  const { stackTraceLimit, prepareStackTrace } = Error;
  let frames = 0;
  Error.stackTraceLimit = depth;
  // Structured frames instead of the formatted stack: nothing is formatted or parsed, and the
  // frames are read at once, so nothing of the stack is kept.
  Error.prepareStackTrace = (error, stack) => {
    frames = stack.length;
    return callerFrame(error, stack);
  };
  try {
    const holder: { stack?: Frame | null } = {};
    Error.captureStackTrace(holder, captureCallSite);
    return { frame: holder.stack ?? null, complete: frames < depth };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}

/** Capture the call site of the nearest caller outside Ziggurat's core. */
export function captureCallSite(): CallSite {
  let found = findCaller(SHORT_DEPTH);
  // Rarely, the framework's frames fill the short stack (a directive calling directives...).
  if (found.frame === null && !found.complete) found = findCaller(FULL_DEPTH);
  return new CallSite(found.frame);
}

function locate(name: string, line: number, column: number): string {
  const file = name.startsWith('file://') ? fileURLToPath(name) : name;
  const source = originalPosition(file, line, column);
  return source === null ? `${relative(file)}:${line}` : `${relative(source.file)}:${source.line}`;
}

function relative(file: string): string {
  const cwd = `${process.cwd()}/`;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}
