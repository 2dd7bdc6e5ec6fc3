// What the development error page says about an error: its name, message, ZIG_ERR_* (or other) code,
// its frames with the source around each app frame, and its causes; also as a JSON problem member.
import { relative } from 'node:path';
import { isInside, type StackFrame, stackFrames } from './stack-frames.js';
import { type SourceExcerpt, sourceExcerpt } from './stack-source.js';

/** A frame with the place to show and, for an app frame, its source. */
export interface ReportFrame extends StackFrame {
  /** `src/views.ts:12:11`: relative to the app when inside it. */
  readonly location: string;
  readonly source: SourceExcerpt | null;
}

/** An error, described for people. */
export interface ErrorReport {
  readonly name: string;
  readonly message: string;
  /** Its `code` (`ZIG_ERR_VIEW_RESULT`, `ENOENT`), or null. */
  readonly code: string | null;
  readonly frames: readonly ReportFrame[];
  /** What it was caused by (`error.cause`), described the same way. */
  readonly cause: ErrorReport | null;
}

/** Causes followed at most this deep: a cycle or a long chain stops there. */
const MAX_CAUSES = 5;

function locationOf(frame: StackFrame, appRoot: string): string {
  if (frame.file === null) return '<unknown>';
  const file = isInside(frame.file, appRoot) ? relative(appRoot, frame.file) : frame.file;
  return frame.column > 0 ? `${file}:${frame.line}:${frame.column}` : `${file}:${frame.line}`;
}

function reportFrame(frame: StackFrame, appRoot: string): ReportFrame {
  const source = frame.kind === 'app' && frame.file !== null ? sourceExcerpt(frame.file, frame.line) : null;
  return { ...frame, location: locationOf(frame, appRoot), source };
}

function describe(error: unknown): { name: string; message: string; code: string | null; stack: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error), code: null, stack: '' };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    code: typeof code === 'string' ? code : null,
    stack: error.stack ?? '',
  };
}

/**
 * Describe `error` (anything thrown) for the development error page; `appRoot` tells the app's frames
 * from the framework's.
 * @example errorReport(new Error('boom'), process.cwd()).frames[0]?.location // 'src/views.ts:12:11'
 */
export function errorReport(error: unknown, appRoot: string, depth = 0): ErrorReport {
  const { name, message, code, stack } = describe(error);
  const frames = stackFrames(stack, appRoot).map((frame) => reportFrame(frame, appRoot));
  const cause = (error as { cause?: unknown } | null)?.cause;
  const hasCause = error instanceof Error && cause !== undefined && cause !== error && depth < MAX_CAUSES;
  return { name, message, code, frames, cause: hasCause ? errorReport(cause, appRoot, depth + 1) : null };
}

/** The report as a JSON problem document's `exception` member (no absolute paths beyond what the stack shows). */
export function reportJson(report: ErrorReport): Record<string, unknown> {
  return {
    name: report.name,
    message: report.message,
    code: report.code,
    frames: report.frames.map((frame) => ({
      function: frame.fn,
      location: frame.location,
      kind: frame.kind,
      ...(frame.source === null ? {} : { source: frame.source }),
    })),
    cause: report.cause === null ? null : reportJson(report.cause),
  };
}

/** The report as plain text: one line per frame, as a stack prints. */
export function reportText(report: ErrorReport): string {
  const head = `${report.name}: ${report.message}${report.code === null ? '' : ` [${report.code}]`}`;
  const frames = report.frames.map((frame) => `    at ${frame.fn ?? '<anonymous>'} (${frame.location})`);
  const cause = report.cause === null ? [] : ['', `Caused by: ${reportText(report.cause)}`];
  return [head, ...frames, ...cause].join('\n');
}
