// Whether the SQL database is reachable: one log line when an outage begins, one when it ends.

/** The few pino methods the add-on logs with (Fastify's `app.log` has them). */
export interface SqlLogger {
  error(details: object, message: string): void;
  info(details: object, message: string): void;
  debug(details: object, message: string): void;
}

/** Before the app (and so its logger) exists, e.g. for `config.commit()` alone: write to stderr. */
const STDERR_LOGGER: SqlLogger = {
  error: (details, message) => console.error(message, details),
  info: (details, message) => console.error(message, details),
  debug: () => {},
};

/**
 * An outage ends at the first successful query made once this long has passed without a
 * connection error. Without it, a database whose connections keep being cut (a failover, a
 * terminate loop) would log a new outage for every success in between.
 */
export const SETTLE_MS = 1000;

interface Outage {
  readonly since: number;
  lastFailure: number;
  failures: number;
}

/**
 * The state of the database as the pool sees it. Connection-level failures from anywhere (an idle
 * client, a checked-out one, a connect attempt, a query) report to it; only the first failure of an
 * outage is logged, with the code `ZIG_ERR_SQL_UNAVAILABLE`, and the end of the outage is logged once.
 * @example
 * const monitor = new OutageMonitor();
 * monitor.useLogger(app.log);
 * monitor.failed(error); // logs once; later failures only count
 */
export class OutageMonitor {
  #log: SqlLogger = STDERR_LOGGER;
  #outage: Outage | null = null;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Log through the app's logger from now on. */
  useLogger(log: SqlLogger): void {
    this.#log = log;
  }

  /** A connection-level failure: starts an outage (logged) or counts toward the current one. */
  failed(error: unknown): void {
    const now = this.#now();
    if (this.#outage !== null) {
      this.#outage.failures += 1;
      this.#outage.lastFailure = now;
      return;
    }
    this.#outage = { since: now, lastFailure: now, failures: 1 };
    const reason = error instanceof Error ? error.message : String(error);
    this.#log.error(
      { code: 'ZIG_ERR_SQL_UNAVAILABLE', err: error },
      `The SQL database is unavailable (${reason}): requests that need it answer 503 until it is back`,
    );
  }

  /** A query succeeded: ends the outage once the connection errors have settled. */
  succeeded(): void {
    const outage = this.#outage;
    if (outage === null) return;
    const now = this.#now();
    if (now - outage.lastFailure < SETTLE_MS) return;
    this.#outage = null;
    this.#log.info(
      { sqlOutage: { seconds: (now - outage.since) / 1000, failures: outage.failures } },
      'The SQL database is reachable again',
    );
  }

  /** Something worth a debug line only (a session the server closed after its own idle timeout). */
  note(error: unknown, message: string): void {
    this.#log.debug({ err: error }, message);
  }
}
