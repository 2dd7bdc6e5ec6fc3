// Where a directive was called from, captured cheaply and formatted only when a message needs it.
import { fileURLToPath } from 'node:url';
import { originalPosition } from './source-map.js';

const FRAMEWORK_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Frames inside the framework (its core and its own add-ons, compiled or, with source maps, the .ts
// source) are skipped, so the location names the user's line (or a third-party add-on's): what the
// SQL add-on records when `config.include(sql)` runs is located at that include.
const FRAMEWORK_DIRS = ['dist/lib/', 'build/lib/', 'lib/', 'dist/addons/', 'build/addons/', 'addons/'].map(
  (dir) => FRAMEWORK_ROOT + dir,
);
const FRAME_LOCATION = /\(?((?:file:\/\/|\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?$/;
const CAPTURE_DEPTH = 40;

/**
 * A captured call site. The stack is captured at construction (cheap) and parsed into
 * `file:line` on first use (costly), which keeps start-up fast with thousands of directives.
 */
export class CallSite {
  readonly #error: Error;
  readonly #label: string | null;
  #location: string | undefined;

  constructor(error: Error, label: string | null = null) {
    this.#error = error;
    this.#label = label;
  }

  /**
   * `path/to/file.ts:12`, relative to the working directory when below it, then the label if any. A
   * compiled file's line is mapped to the TypeScript source when its source map is there.
   */
  get location(): string {
    this.#location ??= this.#label === null ? locate(this.#error) : `${locate(this.#error)} (${this.#label})`;
    return this.#location;
  }

  /** The same place, described: `views.ts:12 (@viewConfig on ItemViews.list)`. */
  labelled(label: string): CallSite {
    return new CallSite(this.#error, label);
  }

  toString(): string {
    return this.location;
  }
}

/** Capture the call site of the nearest caller outside Ziggurat's core. */
export function captureCallSite(): CallSite {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = CAPTURE_DEPTH;
  const error = new Error('call site');
  Error.stackTraceLimit = limit;
  return new CallSite(error);
}

function locate(error: Error): string {
  const frames = (error.stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const found = FRAME_LOCATION.exec(frame.trim());
    if (!found) continue;
    const file = toPath(found[1] ?? '');
    if (FRAMEWORK_DIRS.some((dir) => file.startsWith(dir))) continue;
    const line = Number(found[2]);
    const source = originalPosition(file, line, Number(found[3]));
    return source === null ? `${relative(file)}:${line}` : `${relative(source.file)}:${source.line}`;
  }
  return '<unknown location>';
}

function toPath(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : file;
}

function relative(file: string): string {
  const cwd = `${process.cwd()}/`;
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}
