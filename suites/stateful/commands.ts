import fc from 'fast-check';
import { keyNameArbitrary } from '../../generators/index.ts';
import { bodyStringBounds } from '../../src/contract/index.ts';
import type { Harness } from '../../src/harness/harness.ts';
import { findingCount, type RecordSink } from '../../src/harness/recorder.ts';
import {
  describeStep,
  newWorld,
  runLifecycleStep,
  type LifecycleReplayInput,
  type LifecycleStep,
  type LifecycleWorld,
} from '../../src/run/replay-lifecycle.ts';
import type { FuzzCase } from '../fuzz/fuzz-property.ts';

/**
 * The key lifecycle as fast-check commands over src/run/replay-lifecycle.ts: each command draws a step (a
 * key is named by a small number, taken modulo the keys the sequence holds when it runs, so it shrinks to
 * "the first key"), runs it against the target and the model, and stops the sequence at the first step
 * that recorded a finding. fast-check shrinks a failing sequence to the shortest one that still fails.
 */

/** The system under test as a command sees it: the target, through a harness recording into the sequence's sink. */
interface Target {
  readonly h: Harness;
  readonly sink: RecordSink;
}

type LifecycleCommand = fc.AsyncCommand<LifecycleWorld, Target>;

/** Thrown by a command whose step recorded a finding: the sequence has failed, and stops there. */
class SequenceFailed extends Error {
  override readonly name = 'SequenceFailed';
}

/**
 * A step names one of the first four keys of its sequence (modulo how many it holds): few enough that steps
 * keep meeting the same key, which is where lifecycle bugs live.
 */
const KEY_INDEX = fc.nat({ max: 3 });

/** 32 bytes below 2^250: a hash every curve signs as given (Stark's field included). */
const HASH = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => `0x${Buffer.from(bytes.map((b, i) => (i === 0 ? b & 0x03 : b))).toString('hex')}`);

function command(
  label: () => string,
  step: (world: Readonly<LifecycleWorld>) => LifecycleStep,
  needsKey: boolean,
): LifecycleCommand {
  return {
    check: (world) => !needsKey || world.keys.length > 0,
    run: async (world, { h, sink }) => {
      const before = findingCount(sink);
      await runLifecycleStep(h, world, step(world));
      if (findingCount(sink) > before) throw new SequenceFailed(`step ${world.steps.length} failed`);
    },
    toString: label,
  };
}

function onKey(raw: number, make: (key: number) => LifecycleStep): LifecycleCommand {
  const at = (world: Readonly<LifecycleWorld>) => make(raw % Math.max(1, world.keys.length));
  return command(() => describeStep(make(raw)), at, true);
}

/** The command arbitraries the profile allows (import, export and delegation only where enabled). */
export function lifecycleCommandArbitraries(h: Harness): fc.Arbitrary<LifecycleCommand>[] {
  const formats = h.profile.keyFormats.filter(
    (f) => f.scheme !== 'DH' && (h.profile.signatureKinds[f.scheme] ?? []).includes('Hash'),
  );
  if (formats.length === 0) throw new Error(`profile ${h.profile.name} has no key format that signs a Hash`);
  const create = fc
    .record({ format: fc.constantFrom(...formats), delayDelegation: fc.boolean() })
    .map(({ format, delayDelegation }) => {
      const step: LifecycleStep = {
        op: 'CreateKey',
        scheme: format.scheme,
        curve: format.curve,
        delayDelegation,
      };
      return command(
        () => describeStep(step),
        () => step,
        false,
      );
    });
  // Short names keep the printed sequences readable; the contract's bounds still hold.
  const bounds = bodyStringBounds(h.contract, 'UpdateKey', 'name') ?? { minLength: 0, maxLength: 24 };
  const name = fc.option(
    keyNameArbitrary({
      minLength: bounds.minLength,
      maxLength: Math.max(bounds.minLength, Math.min(24, bounds.maxLength ?? 24)),
    }),
    { nil: null, freq: 5 },
  );
  const update = fc
    .tuple(KEY_INDEX, name)
    .map(([raw, n]) => onKey(raw, (key) => ({ op: 'UpdateKey', key, name: n })));
  const del = KEY_INDEX.map((raw) => onKey(raw, (key) => ({ op: 'DeleteKey', key })));
  const sign = fc
    .tuple(KEY_INDEX, HASH)
    .map(([raw, hash]) => onKey(raw, (key) => ({ op: 'GenerateSignature', key, hash })));
  const get = KEY_INDEX.map((raw) => onKey(raw, (key) => ({ op: 'GetKey', key })));
  const list = fc.constant(null).map(() => {
    const step: LifecycleStep = { op: 'ListKeys' };
    return command(
      () => describeStep(step),
      () => step,
      false,
    );
  });
  // Transitions (rename, delete, sign) weigh more than reads: the invariants read after every step anyway.
  const arbitraries = [create, update, update, del, sign, sign, sign, get, list];
  const { capabilities } = h.profile;
  const importable = formats.some((f) => f.scheme === 'ECDSA' && f.curve === 'secp256k1');
  if (capabilities.import && importable) {
    arbitraries.push(
      fc.constant(null).map(() => {
        const step: LifecycleStep = { op: 'ImportKey' };
        return command(
          () => describeStep(step),
          () => step,
          false,
        );
      }),
    );
  }
  if (capabilities.delegation && h.profile.endUserId !== undefined) {
    arbitraries.push(KEY_INDEX.map((raw) => onKey(raw, (key) => ({ op: 'DelegateKey', key }))));
  }
  if (capabilities.export) {
    arbitraries.push(KEY_INDEX.map((raw) => onKey(raw, (key) => ({ op: 'ExportKey', key }))));
  }
  return arbitraries;
}

/** At most this many steps in a sequence: enough for every three-step interplay, short enough to read. */
export const MAX_STEPS = 20;

export function lifecycleSequences(h: Harness): fc.Arbitrary<Iterable<LifecycleCommand>> {
  return fc.commands(lifecycleCommandArbitraries(h), { maxCommands: MAX_STEPS, size: 'max' });
}

/** Runs a sequence against a fresh model; its replay input is the steps that ran, the failing one last. */
export function lifecycleFuzzCase(h: Harness): FuzzCase<Iterable<LifecycleCommand>, LifecycleWorld> {
  return {
    evaluate: async (commands, sink) => {
      const world = newWorld();
      try {
        await fc.asyncModelRun(() => ({ model: world, real: { h: h.within(sink), sink } }), commands);
      } catch (error) {
        if (!(error instanceof SequenceFailed)) throw error;
      }
      return world;
    },
    replayInput: (_commands, world): LifecycleReplayInput => ({ kind: 'lifecycle', steps: [...world.steps] }),
    explain: (_commands, world) => ({
      evidence: { steps: [...world.log] },
      suffix: ` — after ${world.steps.length} step${world.steps.length === 1 ? '' : 's'}: ${world.steps.map(describeStep).join(' → ')}`,
    }),
  };
}
