import { describe, expect, it } from 'vitest';
import { dedupeFindings, mergeTallies } from '../../src/report/run-report.ts';
import { fingerprint } from '../../src/report/fingerprint.ts';
import type { Finding } from '../../src/report/finding.ts';

const low: Finding = { checkId: 'update_scoped', severity: 'low', operationId: 'UpdateKey', message: 'x' };
const critical: Finding = {
  checkId: 'signature_verifies',
  severity: 'critical',
  operationId: 'GenerateSignature',
  message: 'y',
};

describe('dedupeFindings', () => {
  it('folds findings with one fingerprint into one and counts the occurrences', () => {
    const out = dedupeFindings([low, { ...low, message: 'again' }, low]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ occurrences: 3, message: 'x', fingerprint: fingerprint(low) });
  });

  it('orders by severity, most severe first', () => {
    expect(dedupeFindings([low, critical]).map((f) => f.severity)).toEqual(['critical', 'low']);
  });

  it('marks findings whose fingerprint is in the baseline as known, the rest as new', () => {
    const out = dedupeFindings([low, critical], new Set([fingerprint(low)]));
    expect(Object.fromEntries(out.map((f) => [f.checkId, f.baseline]))).toEqual({
      update_scoped: 'known',
      signature_verifies: 'new',
    });
  });
});

describe('mergeTallies', () => {
  it('sums passes and failures of the same operation and check', () => {
    const merged = mergeTallies([
      { operationId: 'GetKey', checkId: 'c', passed: 2, failed: 0 },
      { operationId: 'GetKey', checkId: 'c', passed: 1, failed: 1 },
      { operationId: 'CreateKey', checkId: 'c', passed: 1, failed: 0 },
    ]);
    expect(merged).toEqual([
      { operationId: 'CreateKey', checkId: 'c', passed: 1, failed: 0 },
      { operationId: 'GetKey', checkId: 'c', passed: 3, failed: 1 },
    ]);
  });
});
