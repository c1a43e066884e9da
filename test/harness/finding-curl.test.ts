import { describe, expect, it } from 'vitest';
import { endTest } from '../../src/harness/recorder.ts';
import { referenceHarnessEachTest } from '../fuzz/reference-harness.ts';

/**
 * A finding's curl line is for a reader to paste and see the same answer: against a slow target, run with a
 * longer --timeout, curl must wait as long as the run did rather than give up at its default 30 s.
 */

const startHarness = referenceHarnessEachTest('test/harness/finding-curl.test.ts', 'finding curl');

const UNKNOWN_KEY = 'key-00000-00000-00000000000000000';

describe('a finding’s curl line', () => {
  it('GetKey: the curl line of a finding waits as long as the run’s request timeout', async () => {
    const ref = await startHarness(['error-body-top-level-message'], {}, { requestTimeoutMs: 120_000 });
    await ref.h.call('GetKey', { pathParams: { keyId: UNKNOWN_KEY } });
    const [finding] = endTest().findings;
    expect(finding?.curl).toContain(' --max-time 120 ');
  });
});
