/**
 * How the first line and summary.md name the embedded reference: with the faults it runs and, under
 * --spec, the contract it implements when that is not the one checked.
 */
export function embeddedReferenceLabel(faults: readonly string[], implementsContract?: string): string {
  const withFaults = faults.length === 0 ? '' : `, faults: ${faults.join(', ')}`;
  return implementsContract === undefined
    ? ` (embedded reference${withFaults})`
    : ` (embedded reference${withFaults}, which implements contract ${implementsContract}: what differs is the contract's change, not a fault)`;
}
