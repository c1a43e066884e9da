/** A suite test's title starts with the operation it is about: `GetSignature: fuzzed valid parameters …`. */
const OPERATION_PREFIX = /^([A-Z][A-Za-z]+):/;

/**
 * The operation a test is about, for grouping its findings and results: the one its title names, else the
 * first one it called. The first call alone would mislead: nearly every test starts with
 * CreateUserActionChallenge, and a test judging shared signatures may call nothing at all.
 */
export function operationOfTest(title: string, called: readonly string[]): string | undefined {
  return OPERATION_PREFIX.exec(title)?.[1] ?? called[0];
}
