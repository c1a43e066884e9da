import { describe, expect, it } from 'vitest';
import { describeFindings } from '../../src/harness/describe-findings.ts';
import { fingerprint } from '../../src/report/fingerprint.ts';
import { FAULTS } from '../report/run-reports.ts';

/** The failure message JUnit and Allure show for a test its findings failed. */
describe('describeFindings', () => {
  it('GenerateSignature: lists each finding with its severity and check', () => {
    expect(describeFindings([FAULTS.highS], 1)).toBe(
      '1 finding:\n[critical] signature_low_s GenerateSignature: the signature has a high S (not canonical)',
    );
  });

  it('GenerateSignature: marks a finding the baseline knows, and says when all are known', () => {
    const message = describeFindings([FAULTS.highS], 1, new Set([fingerprint(FAULTS.highS)]));
    expect(message).toBe(
      '1 finding, all known from the baseline:\n[known] [critical] signature_low_s GenerateSignature: the signature has a high S (not canonical)',
    );
  });

  it('GetKey: counts the known ones when only some are', () => {
    const message = describeFindings(
      [FAULTS.schema, FAULTS.header],
      2,
      new Set([fingerprint(FAULTS.header)]),
    );
    expect(message.split('\n')[0]).toBe('2 findings, 1 known from the baseline:');
    expect(message).toContain('\n[known] [low] undocumented_header GetKey:');
  });
});
