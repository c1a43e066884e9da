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
