// A logger that drops everything: for requests made outside Fastify (DummyRequest, explainPath).

interface SilentLog {
  error(): void;
  warn(): void;
  info(): void;
  debug(): void;
  trace(): void;
  fatal(): void;
  child(): SilentLog;
}

/** A pino-shaped logger whose methods do nothing. */
export const silentLog: SilentLog = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  trace() {},
  fatal() {},
  child: () => silentLog,
};
