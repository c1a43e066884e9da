import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '../../src/contract/index.ts';
import { createHarness, type Harness } from '../../src/harness/harness.ts';
import { BUILTIN_PROFILES } from '../../src/run/profile.ts';
import type { RunContext } from '../../src/run/test-meta.ts';
import { RUN_DEFAULTS } from '../../src/run/run-settings.ts';
import { afterEach, beforeEach } from 'vitest';
import { beginTest, endTest } from '../../src/harness/recorder.ts';
import { startReference } from '../../reference/index.ts';

/**
 * A harness wired to an in-process reference (with faults), as a suite worker would have it, so the fuzz
 * properties and the lifecycle model can be driven from a unit test without a whole CLI run.
 */
export interface ReferenceHarness {
  readonly h: Harness;
  readonly close: () => Promise<void>;
}

const contract = loadContract();

export async function referenceHarness(
  faults: readonly string[] = [],
  fuzz: Partial<Harness['fuzz']> = {},
  transport: RunContext['transport'] = { requestTimeoutMs: 30_000 },
): Promise<ReferenceHarness> {
  const ref = await startReference({ faults: [...faults], quiet: true });
  const profile = BUILTIN_PROFILES.full;
  if (profile === undefined) throw new Error('no full profile');
  const dir = mkdtempSync(join(tmpdir(), 'kc-fuzz-test-'));
  const h = createHarness({
    runId: 'fuzztest',
    baseUrl: ref.url,
    token: ref.token,
    credentialId: ref.credential.id,
    credentialKeyPem: ref.credential.privateKeyPem,
    contractFile: contract.source,
    contractJson: JSON.stringify(contract.document),
    profileName: profile.name,
    profileJson: JSON.stringify(profile),
    ledgerFile: join(dir, 'ledger.jsonl'),
    transport,
    fuzz: {
      runs: RUN_DEFAULTS.runs,
      seed: 1,
      timeBudgetMs: RUN_DEFAULTS.timeBudgetMs,
      concurrency: RUN_DEFAULTS.fuzzConcurrency,
      ...fuzz,
    },
  });
  return {
    h,
    close: async () => {
      await h.client.close();
      await ref.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a file whose tests each start their own harness: every test runs as the recorder's running test
 * (`file`, `name`), and the harness it started is closed after it. Returns the function that starts one.
 */
export function referenceHarnessEachTest(
  file: string,
  name: string,
): (...args: Parameters<typeof referenceHarness>) => Promise<ReferenceHarness> {
  let current: ReferenceHarness | undefined;
  beforeEach(() => {
    beginTest({ file, name });
  });
  afterEach(async () => {
    endTest();
    await current?.close();
    current = undefined;
  });
  return async (...args) => (current = await referenceHarness(...args));
}
