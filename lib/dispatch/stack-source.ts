// The lines of source around an app frame, for the development error page: only the app's own files
// (never node_modules or anything outside the app), read once and kept until the file changes.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';

/** Lines of a source file around one line. */
export interface SourceExcerpt {
  /** The 1-based number of the first line shown. */
  readonly first: number;
  /** The line the frame points at. */
  readonly focus: number;
  readonly lines: readonly string[];
}

const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx']);
/** A larger file is generated or bundled, not something to read on an error page. */
const MAX_BYTES = 1024 * 1024;
const AROUND = 3;

const cache = new Map<string, { mtimeMs: number; lines: readonly string[] }>();

function linesOf(file: string): readonly string[] | null {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_BYTES) return null;
    const cached = cache.get(file);
    if (cached !== undefined && cached.mtimeMs === stat.mtimeMs) return cached.lines;
    const lines = readFileSync(file, 'utf8').split(/\r?\n/);
    cache.set(file, { mtimeMs: stat.mtimeMs, lines });
    return lines;
  } catch {
    return null;
  }
}

/**
 * The lines around `line` of `file` (a few before and after), or null when it is not a source file or
 * cannot be read. Callers pass only the app's files (see stackFrames' `kind`).
 * @example sourceExcerpt('/app/src/views.ts', 12) // { first: 9, focus: 12, lines: [...7 lines] }
 */
export function sourceExcerpt(file: string, line: number): SourceExcerpt | null {
  if (!SOURCE_EXTENSIONS.has(extname(file)) || line < 1) return null;
  const lines = linesOf(file);
  if (lines === null || line > lines.length) return null;
  const first = Math.max(1, line - AROUND);
  const last = Math.min(lines.length, line + AROUND);
  return { first, focus: line, lines: lines.slice(first - 1, last) };
}
