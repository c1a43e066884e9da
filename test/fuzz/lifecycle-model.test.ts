import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beginTest, endTest } from '../../src/harness/recorder.ts';
import { newWorld, runLifecycleStep, type LifecycleStep } from '../../src/run/replay-lifecycle.ts';
import { fuzzProperty } from '../../suites/fuzz/fuzz-property.ts';
import { lifecycleFuzzCase, lifecycleSequences } from '../../suites/stateful/commands.ts';
import { referenceHarness } from './reference-harness.ts';

/**
 * The lifecycle model against the reference: fixed sequences show each invariant passing on the clean
 * reference and failing on the fault it exists for; the rename-then-delete fault needs all three steps;
 * and the stateful property finds that fault for several seeds and shrinks it to the four-step sequence.
 */
const HASH = `0x${'00'.repeat(32)}`;
const CREATE: LifecycleStep = {
  op: 'CreateKey',
  scheme: 'ECDSA',
  curve: 'secp256k1',
  delayDelegation: false,
};
const RENAME: LifecycleStep = { op: 'UpdateKey', key: 0, name: null };
const DELETE: LifecycleStep = { op: 'DeleteKey', key: 0 };
const SIGN: LifecycleStep = { op: 'GenerateSignature', key: 0, hash: HASH };
const EXPORT: LifecycleStep = { op: 'ExportKey', key: 0 };
const DELEGATE: LifecycleStep = { op: 'DelegateKey', key: 0 };

async function run(faults: readonly string[], steps: readonly LifecycleStep[]): Promise<string[]> {
  const { h, close } = await referenceHarness(faults);
  try {
    const world = newWorld();
    for (const step of steps) await runLifecycleStep(h, world, step);
    return endTest().findings.map((f) => f.checkId);
  } finally {
    await close();
  }
}

beforeEach(() => {
  beginTest({ file: 'test/fuzz/lifecycle-model.test.ts', name: 'lifecycle' });
});
afterEach(() => {
  endTest();
});

describe('the lifecycle model on fixed sequences', () => {
  it.each([
    ['rename, delete, sign', [CREATE, RENAME, DELETE, SIGN]],
    ['export, then sign', [CREATE, EXPORT, SIGN]],
    ['delegate a key created without delayDelegation', [CREATE, DELEGATE]],
    [
      'every operation once',
      [
        CREATE,
        { ...CREATE, delayDelegation: true },
        { op: 'ImportKey' },
        { op: 'DelegateKey', key: 1 },
        { op: 'GetKey', key: 2 },
        SIGN,
        RENAME,
        EXPORT,
        { op: 'ListKeys' },
        DELETE,
        { op: 'GetKey', key: 0 },
      ],
    ],
  ] as const)('%s: no finding on the clean reference', async (_what, steps) => {
    expect(await run([], steps)).toEqual([]);
  });

  it.each([
    ['signs-after-rename-and-delete', [CREATE, RENAME, DELETE, SIGN], 'use_after_delete'],
    ['signs-after-delete', [CREATE, DELETE, SIGN], 'use_after_delete'],
    ['delete-leaves-active', [CREATE, DELETE], 'use_after_delete'],
    ['signs-after-export', [CREATE, EXPORT, SIGN], 'signing_refused_after_export'],
    ['export-not-recorded', [CREATE, EXPORT], 'lifecycle_model'],
    ['delegates-without-delay', [CREATE, DELEGATE], 'delegation_rules'],
    ['update-resets-flags', [{ ...CREATE, delayDelegation: true }, DELEGATE, RENAME], 'lifecycle_model'],
    ['signs-sha256-of-hash', [CREATE, SIGN], 'signature_verifies'],
  ] as const)('%s: the model catches it with %j', async (fault, steps, check) => {
    expect(await run([fault], steps)).toContain(check);
  });

  it.each([
    ['no rename', [CREATE, DELETE, SIGN]],
    ['no delete', [CREATE, RENAME, SIGN]],
    ['rename after the delete', [CREATE, DELETE, RENAME, SIGN]],
    ['another key renamed', [CREATE, CREATE, { op: 'UpdateKey', key: 1, name: 'x' }, DELETE, SIGN]],
  ] as const)(
    'signs-after-rename-and-delete needs rename, delete and sign on one key: %s passes',
    async (_what, steps) => {
      expect(await run(['signs-after-rename-and-delete'], steps)).toEqual([]);
    },
  );
});

describe('replay of a lifecycle sequence', () => {
  it('replay: a step naming a key that a refused step never made quotes that refusal', async () => {
    const refused: LifecycleStep = { ...CREATE, scheme: 'EdDSA' };
    await expect(run([], [refused, { op: 'GetKey', key: 0 }])).rejects.toThrow(
      /^GetKey\(#0\) names key #0, .* \(1\. CreateKey\(EdDSA\/secp256k1\) → 400 \(".+"\)\)$/,
    );
  });
});

describe('Key lifecycle property, default budget', () => {
  it.for([1, 2, 3])(
    'seed %i: finds signs-after-rename-and-delete, shrunk to four steps on one key',
    async (seed) => {
      const { h, close } = await referenceHarness(['signs-after-rename-and-delete'], { seed });
      try {
        await fuzzProperty(lifecycleSequences(h), lifecycleFuzzCase(h), h.fuzz);
        const [finding] = endTest().findings;
        expect(finding?.checkId).toBe('use_after_delete');
        const steps = (finding?.replay?.input as { steps: LifecycleStep[] }).steps;
        expect(steps.map((s) => s.op)).toEqual([
          expect.stringMatching(/^(CreateKey|ImportKey)$/),
          'UpdateKey',
          'DeleteKey',
          'GenerateSignature',
        ]);
        expect(steps.slice(1).every((s) => 'key' in s && s.key === 0)).toBe(true);
        expect(finding?.evidence?.steps).toHaveLength(4);
      } finally {
        await close();
      }
    },
  );
});
