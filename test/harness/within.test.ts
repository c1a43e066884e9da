import { describe, expect, it } from 'vitest';
import { beginTest, captureRecords, endTest } from '../../src/harness/recorder.ts';
import { referenceHarnessEachTest } from '../fuzz/reference-harness.ts';

/**
 * `h.within(sink)` is how a fuzz input keeps its records apart from the running test and from the other
 * inputs in flight. The sink travels with the request through the client, so the automatic checks of every
 * exchange it makes — user-action sub-calls included — land in the capture that made it.
 */

const startHarness = referenceHarnessEachTest('test/harness/within.test.ts', 'within');

const UNKNOWN_KEY = 'key-00000-00000-00000000000000000';

describe('Harness.within', () => {
  it('GetKey: an automatic finding of a call within a capture goes to the capture, not the running test', async () => {
    const { h } = await startHarness(['error-body-top-level-message']);
    const captured = await captureRecords((sink) =>
      h.within(sink).call('GetKey', { pathParams: { keyId: UNKNOWN_KEY } }),
    );
    expect([
      captured.records.findings.map((f) => f.checkId).includes('error_body_conformance'),
      endTest().findings,
    ]).toEqual([true, []]);
  });

  it('UpdateKey: the user-action sub-calls of a call within a capture are noted in the capture only', async () => {
    const { h } = await startHarness();
    const created = await h.call('CreateKey', {
      body: { scheme: 'ECDSA', curve: 'secp256k1', name: h.keyName('within') },
    });
    const keyId = String((created.response?.parsed?.value as { id?: unknown } | undefined)?.id);
    const before = endTest();
    beginTest({ file: 'test/harness/within.test.ts', name: 'within, after setup' });
    const captured = await captureRecords((sink) =>
      h.within(sink).call('UpdateKey', { pathParams: { keyId }, body: { name: 'renamed' } }),
    );
    expect([
      before.operationIds.includes('CreateKey'),
      [...captured.records.operationIds].sort(),
      endTest().operationIds,
    ]).toEqual([true, ['CreateUserActionChallenge', 'CreateUserActionSignature', 'UpdateKey'], []]);
  });

  it('GetKey: concurrent captures never see each other’s findings', async () => {
    const { h } = await startHarness(['error-body-top-level-message']);
    const [failing, clean] = await Promise.all([
      captureRecords((sink) => h.within(sink).call('GetKey', { pathParams: { keyId: UNKNOWN_KEY } })),
      captureRecords((sink) => h.within(sink).call('ListKeys', { query: { limit: 1 } })),
    ]);
    expect([failing.records.findings.length > 0, clean.records.findings]).toEqual([true, []]);
  });
});
