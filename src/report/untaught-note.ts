/** A request body property of the contract that the suite was not written for (run.untaughtProperties). */
export interface UntaughtPropertyNote {
  readonly operationId: string;
  readonly property: string;
  readonly required: boolean;
}

/**
 * One sentence for the run's output and summary.md when the contract has body properties the suite was not
 * written for (a newer contract than the suite), or undefined when it has none. `code` formats a name.
 */
export function untaughtNote(
  properties: readonly UntaughtPropertyNote[],
  code: (name: string) => string = (name) => name,
): string | undefined {
  if (properties.length === 0) return undefined;
  const names = properties
    .map((p) => `${code(`${p.operationId}.${p.property}`)}${p.required ? ' (required)' : ''}`)
    .join(', ');
  const handWritten = properties.some((p) => p.required)
    ? ' Requests the suites write by hand leave them out: where the target refuses one of those for a missing required property, the suite is out of date, not the target.'
    : '';
  return `The contract has request body properties this suite was not written for: ${names}. The fuzzer sends them, with values from their schemas.${handWritten}`;
}

/**
 * One sentence for the run's output and summary.md when the contract has operations the suite was not
 * written for, or undefined when it has none.
 */
export function untaughtOperationsNote(
  operations: readonly string[],
  code: (name: string) => string = (name) => name,
): string | undefined {
  if (operations.length === 0) return undefined;
  return `The contract has operations this suite was not written for: ${operations.map(code).join(', ')}. They are tested from their schemas alone (bearer and user-action auth, fuzzed and invalid bodies and parameters, on a fresh key where the path names one): what they do is not checked.`;
}
