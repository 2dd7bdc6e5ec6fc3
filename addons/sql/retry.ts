// Which database errors mean "run the whole request again": serialization failures and deadlocks.

/** SQLSTATEs worth a retry: serialization_failure and deadlock_detected. */
const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);

/**
 * Whether `error` (or an error in its `cause` chain) is a Postgres serialization failure (40001) or
 * deadlock (40P01): the transaction lost a race, and running the request again may well succeed.
 * @example if (isRetryableError(error)) return tryAgain();
 */
export function isRetryableError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let current = error;
    current !== null && typeof current === 'object';
    current = (current as Error).cause
  ) {
    if (seen.has(current)) return false;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)) return true;
  }
  return false;
}
