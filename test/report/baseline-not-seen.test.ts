import { describe, expect, it } from 'vitest';
import { baselineNotSeen } from '../../src/report/baseline-not-seen.ts';
import { FAULTS, runReport } from './run-reports.ts';

/** A baseline holding the high-S and wrong-status findings, checked against a later run's tests. */
const baseline = runReport({ findings: [FAULTS.highS, FAULTS.wrongStatus] }).findings;
const [highS, wrongStatus] = [FAULTS.highS, FAULTS.wrongStatus].map(
  (fault) => baseline.find((f) => f.checkId === fault.checkId)!.fingerprint,
);
const key = (fault: { readonly test: { readonly file: string; readonly name: string } }) =>
  `${fault.test.file}\u0000${fault.test.name}`;

describe('baselineNotSeen', () => {
  it('GenerateSignature: names a baseline finding whose test ran and passed', () => {
    const later = runReport({ tests: [key(FAULTS.highS)] });
    expect(baselineNotSeen(baseline, later.tests, new Set())).toEqual([highS]);
  });

  it('GenerateSignature: leaves out a baseline finding the run met again', () => {
    const later = runReport({ tests: [key(FAULTS.highS)], findings: [FAULTS.highS] });
    const seen = new Set(later.findings.map((f) => f.fingerprint));
    expect(baselineNotSeen(baseline, later.tests, seen)).toEqual([]);
  });

  it('CreateKey: leaves out a baseline finding whose test did not run (another suite, shard or --grep)', () => {
    const later = runReport({ tests: [key(FAULTS.highS)] });
    expect(baselineNotSeen(baseline, later.tests, new Set())).not.toContain(wrongStatus);
  });

  it('GenerateSignature: leaves out a baseline finding whose test was not applicable this time', () => {
    const later = runReport({ tests: [key(FAULTS.highS)], notApplicable: [key(FAULTS.highS)] });
    expect(baselineNotSeen(baseline, later.tests, new Set())).toEqual([]);
  });
});
