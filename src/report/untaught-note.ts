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
