import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../reference/faults.ts';
import { runCli, type CliResult } from './run-cli.ts';
import { suitesForFault } from './suites-for-fault.ts';

/**
 * The crypto suite is held to the reference's fault catalogue: with every `crypto` fault switched on, a run
 * of the crypto suite file that applies the fault's checks exits 1 with at least one finding from a check
 * the catalogue says must catch it. (On the clean reference, the crypto suite passes within the full run
 * of run-outcomes.test.ts.) Runs are separate processes (the way a user runs the tool), two at a time
 * across the test files: each starts its own reference and vitest.
 */
const CRYPTO_FAULTS = FAULTS.filter((f) => f.category === 'crypto');
const RUN_TIMEOUT_MS = 240_000;
/** A test also waits its turn for a run slot (test/helpers/run-slots.ts), so it may take longer than one run. */
const TEST_TIMEOUT_MS = 480_000;

// runCli waits for a run slot (two runs at a time across every test file).
const runCrypto = (suites: string, faults: readonly string[]): Promise<CliResult> =>
  runCli(['run', '--suite', suites, ...faults.flatMap((id) => ['--reference-fault', id])], {
    timeoutMs: RUN_TIMEOUT_MS - 10_000,
  });

const lastLine = (result: CliResult): string =>
  `${result.stdout.trim().split('\n').at(-1) ?? ''} ${result.stderr.trim().split('\n').at(-1) ?? ''}`.trim();

describe('the crypto faults of the catalogue', () => {
  it('are there to test against (the catalogue has a crypto category)', () => {
    expect(CRYPTO_FAULTS.length).toBeGreaterThan(0);
  });
});

describe.concurrent('keys-conformance run of the crypto suite against the reference', () => {
  it.for(CRYPTO_FAULTS.map((f) => [f.id, f] as const))(
    'with %s on, exits 1 with a finding from the check it breaks',
    { timeout: TEST_TIMEOUT_MS },
    async ([id, fault]) => {
      const result = await runCrypto(suitesForFault(fault), [id]);
      expect(result.code, `exit code; ${lastLine(result)}`).toBe(1);
      const found = [...new Set(result.report?.findings.map((f) => f.checkId))];
      expect(
        fault.detectedBy.filter((check) => found.includes(check)),
        `findings came from ${found.join(', ') || 'no check'}; ${id} must be caught by ${fault.detectedBy.join(' or ')}`,
      ).not.toEqual([]);
    },
  );
});
