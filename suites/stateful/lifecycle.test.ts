import { test } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { require } from '../../src/harness/precondition.ts';
import { fuzzProperty } from '../fuzz/fuzz-property.ts';
import { lifecycleFuzzCase, lifecycleSequences } from './commands.ts';

/**
 * Stateful, model-based fuzzing of the key lifecycle (see suites/fuzz/README.md): random sequences of
 * create, import, rename, delete, delegate, sign, export, read and list, each step judged against a model of
 * what the target should hold, with the invariants checked after every step. A failing sequence is shrunk to
 * the shortest that still fails and reported step by step, with the steps as its replay input.
 */
const h = harness();

test('Key lifecycle: random sequences of create, import, rename, delete, delegate, sign, export, read and list keep the target equal to the model', async () => {
  const outcome = await fuzzProperty(lifecycleSequences(h), lifecycleFuzzCase(h), h.fuzz);
  require(outcome.judged > 0, 'no lifecycle sequence was judged within the time budget');
});
