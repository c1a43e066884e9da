import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultCategory } from '../../reference/faults.ts';
import { CHECK_IDS } from '../../src/checks/check-ids.ts';
import { suitesForFault } from './suites-for-fault.ts';
import { runCli } from './run-cli.ts';

/**
 * The suites are held to the reference's fault catalogue: for every fault in the contract, validation,
 * lifecycle, auth and idempotency categories, a run against the reference with that fault switched on
 * exits 1 with at least one finding from a check the catalogue says must catch it. (Crypto faults have
 * their own meta-test, crypto-faults.test.ts.)
 */
const CATEGORIES: readonly FaultCategory[] = ['contract', 'validation', 'lifecycle', 'auth', 'idempotency'];

const faults = FAULTS.filter((f) => CATEGORIES.includes(f.category));

describe('the fault catalogue', () => {
  it('names only checks that exist', () => {
    for (const fault of FAULTS) for (const check of fault.detectedBy) expect(CHECK_IDS).toContain(check);
  });

  it('covers every category the issue names', () => {
    expect(new Set(faults.map((f) => f.category))).toEqual(new Set(CATEGORIES));
  });
});

describe.concurrent('a run against the faulty reference', () => {
  it.for(faults.map((f) => [f.id, f] as const))(
    '%s: exits 1 with a finding from the check it breaks',
    // A test also waits its turn for a run slot, which other meta files share (test/helpers/run-slots.ts).
    { timeout: 480_000 },
    async ([id, fault]) => {
      const suites = suitesForFault(fault);
      const result = await runCli(['run', '--suite', suites, '--reference-fault', id], {
        timeoutMs: 170_000,
      });
      expect(result.code, `exit code; last output: ${result.stdout.trim().split('\n').at(-1) ?? ''}`).toBe(1);
      const found = [...new Set(result.report?.findings.map((f) => f.checkId))];
      const caught = fault.detectedBy.filter((check) => found.includes(check));
      expect(
        caught,
        `findings came from ${found.join(', ') || 'no check'}; ${id} must be caught by ${fault.detectedBy.join(' or ')}`,
      ).not.toEqual([]);
    },
  );
});
