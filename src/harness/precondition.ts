/**
 * Thrown when a test cannot go on because the target did not give it what the next step needs (a key
 * was not created, a body was not JSON). The run records it as `test_aborted` unless the test already
 * has a finding that explains it.
 */
export class PreconditionError extends Error {
  override readonly name = 'PreconditionError';
}

export function require(condition: unknown, message: string): asserts condition {
  if (!condition) throw new PreconditionError(message);
}

/** How the message of a test stopped by throttling starts; the run's collector reads it (src/run/collector.ts). */
export const THROTTLED_PREFIX = 'throttled: ';

/**
 * A test cannot go on because the target still answered 429 with Retry-After after the client's retries:
 * it said "not now", not "no", so the run records the test as not tested rather than `test_aborted`.
 */
export function throttledError(what: string): PreconditionError {
  return new PreconditionError(
    `${THROTTLED_PREFIX}${what}: the target still answered 429 (Retry-After) after the retries`,
  );
}
