import type { ReportedFinding, TestRecord } from './run-report.ts';

/**
 * The baseline findings this run had the chance to meet and did not: the test that found each ran to a
 * verdict and did not find it again (a fixed fault, or a fuzz finding of another seed). Left in the
 * baseline, such an entry would pass the fault as "known" if it came back; a finding whose test did not
 * run (another suite, another shard, --grep) says nothing either way and is left out.
 */
export function baselineNotSeen(
  baseline: readonly ReportedFinding[],
  tests: readonly TestRecord[],
  seen: ReadonlySet<string>,
): string[] {
  const ran = new Set(
    tests.filter((t) => t.state === 'passed' || t.state === 'failed').map((t) => `${t.file}\u0000${t.name}`),
  );
  const missed = baseline.filter(
    (f) => f.test !== undefined && ran.has(`${f.test.file}\u0000${f.test.name}`) && !seen.has(f.fingerprint),
  );
  return [...new Set(missed.map((f) => f.fingerprint))];
}
