// The shutdown signals the server processes (single, reloader, cluster primary and workers) wait for.

/** The environment variable a supervisor (the reloader) sets for its child: it is stopped by its parent. */
export const SUPERVISED_ENV = 'ZIGGURAT_SUPERVISED';

/**
 * A repeated signal forces the exit only this long after the first: one Ctrl-C or `kill` of a process
 * group reaches `npm start` and the server at once, and npm forwards its copy, so the server gets the
 * same signal twice within milliseconds; a person asking again takes longer.
 */
export const FORCE_AFTER_MS = 1000;

/** SIGINT and SIGTERM as a graceful first request and an impatient second one. */
export interface ShutdownSignals {
  /** Resolves with the first SIGINT or SIGTERM. */
  readonly first: Promise<NodeJS.Signals>;
  /** Resolves with a later one, FORCE_AFTER_MS or more after the first; never for a supervised process. */
  readonly forced: Promise<NodeJS.Signals>;
  /** Stop listening for the signals. */
  dispose(): void;
}

/**
 * Listen for SIGINT and SIGTERM until disposed. A `supervised` process (a cluster worker, the reloader's
 * child) ignores every signal after the first: its parent forwards the one the terminal also sent it, and
 * forces the exit itself (SIGKILL) when asked twice.
 */
export function shutdownSignals(options: { supervised?: boolean } = {}): ShutdownSignals {
  let firstAt = 0;
  let resolveFirst: (signal: NodeJS.Signals) => void = () => {};
  let resolveForced: (signal: NodeJS.Signals) => void = () => {};
  const first = new Promise<NodeJS.Signals>((resolve) => (resolveFirst = resolve));
  const forced = new Promise<NodeJS.Signals>((resolve) => (resolveForced = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt === 0) {
      firstAt = Date.now();
      resolveFirst(signal);
    } else if (!options.supervised && Date.now() - firstAt >= FORCE_AFTER_MS) {
      resolveForced(signal);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    first,
    forced,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
