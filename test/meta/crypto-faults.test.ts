import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../reference/faults.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * The crypto suite is held to the reference's fault catalogue: with every `crypto` fault switched on, a run
 * of `--suite crypto` exits 1 with at least one finding from a check the catalogue says must catch it; on
 * the clean reference the same run exits 0 with no finding at all. Runs are separate processes (the way a
 * user runs the tool), two at a time: each starts its own reference and vitest.
 */
const CRYPTO_FAULTS = FAULTS.filter((f) => f.category === 'crypto');
const RUN_TIMEOUT_MS = 240_000;
/** A test also waits for its turn (two runs at a time), so it may take longer than one run. */
const TEST_TIMEOUT_MS = 480_000;

/** At most `width` runs at once: each run is itself parallel, and the machine is shared. */
function limiter(width: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    while (active >= width) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

const limit = limiter(2);

const runCrypto = (faults: readonly string[]): Promise<CliResult> =>
  limit(() =>
    runCli(['run', '--suite', 'crypto', ...faults.flatMap((id) => ['--reference-fault', id])], {
      timeoutMs: RUN_TIMEOUT_MS - 10_000,
    }),
  );

const lastLine = (result: CliResult): string =>
  `${result.stdout.trim().split('\n').at(-1) ?? ''} ${result.stderr.trim().split('\n').at(-1) ?? ''}`.trim();

describe('the crypto faults of the catalogue', () => {
  it('are there to test against (the catalogue has a crypto category)', () => {
    expect(CRYPTO_FAULTS.length).toBeGreaterThan(0);
  });
});

describe.concurrent('keys-conformance run --suite crypto against the reference', () => {
  it('exits 0 with no finding when no fault is on', { timeout: TEST_TIMEOUT_MS }, async () => {
    const result = await runCrypto([]);
    const found = result.report?.findings.map((f) => `${f.checkId}: ${f.message}`) ?? ['no findings.json'];
    expect(found, lastLine(result)).toEqual([]);
    expect(result.code, lastLine(result)).toBe(0);
  });

  it.for(CRYPTO_FAULTS.map((f) => [f.id, f] as const))(
    'with %s on, exits 1 with a finding from the check it breaks',
    { timeout: TEST_TIMEOUT_MS },
    async ([id, fault]) => {
      const result = await runCrypto([id]);
      expect(result.code, `exit code; ${lastLine(result)}`).toBe(1);
      const found = [...new Set(result.report?.findings.map((f) => f.checkId))];
      expect(
        fault.detectedBy.filter((check) => found.includes(check)),
        `findings came from ${found.join(', ') || 'no check'}; ${id} must be caught by ${fault.detectedBy.join(' or ')}`,
      ).not.toEqual([]);
    },
  );
});
