import fc from 'fast-check';
import {
  adoptTalliesAndOperations,
  captureRecords,
  recordFinding,
  type CapturedRecords,
} from '../../src/harness/recorder.ts';
import type { Finding } from '../../src/report/finding.ts';

/**
 * The fuzz engine: a fast-check property judged against a live target, with concurrency where it is safe
 * and shrinking where it must be sequential.
 *
 * 1. The values fast-check would try are drawn first (the same property, seed and run count, with a
 *    predicate that only collects), so value i is exactly what `fc.check` meets at path `i`.
 * 2. A sweep judges them, `concurrency` at a time and each inside a capture of its own (its findings kept
 *    apart from the test's). It stops launching at the first failure; the smallest failing index wins,
 *    so the outcome is the one a sequential run would reach, whatever the interleaving.
 * 3. Shrinking is fast-check's own, from path `i`, one request at a time: each step must see the answer
 *    to the previous one.
 * 4. Only the minimal counterexample is reported, with the seed and path that replay it and its
 *    target-independent input; the check tallies of the sweep go to the test as usual.
 */

export interface FuzzBudget {
  readonly runs: number;
  readonly seed: number;
  readonly timeBudgetMs: number;
  readonly concurrency: number;
}

export interface FuzzCase<V, R = void> {
  /** Sends one generated value and judges it (through h.check; inside a capture); returns what it ran. */
  readonly evaluate: (value: V) => Promise<R>;
  /** What a finding records to replay the value on any target. */
  readonly replayInput: (value: V, result: R) => unknown;
  /** Evidence and a message suffix for the reported findings (e.g. a command sequence, step by step). */
  readonly explain?: (
    value: V,
    result: R,
  ) => { readonly evidence: Record<string, unknown>; readonly suffix: string };
}

export interface FuzzOutcome {
  /** Values judged by the sweep. */
  readonly judged: number;
  /** The sweep stopped at the time budget before judging every value. */
  readonly interrupted: boolean;
  /** The reported counterexample, if any. */
  readonly failure?: {
    readonly firstFailingRun: number;
    readonly path: string;
    readonly shrinks: number;
    readonly reproduced: boolean;
    readonly findings: readonly Finding[];
  };
}

/** Shrinking gets at least this long even when the sweep used up the budget: a finding deserves its minimal form. */
const MIN_SHRINK_MS = 10_000;

/**
 * The values `fc.check(fc.asyncProperty(arbitrary, …), { seed, numRuns })` tries at runs `from` to
 * `from + count - 1`, in order (fast-check's replay path `from` starts there without generating the ones
 * before it). Drawn a chunk at a time, so a slow generator (encrypting import shares) never keeps the
 * event loop from the target's connections for long.
 */
export async function generatedValues<V>(
  arbitrary: fc.Arbitrary<V>,
  seed: number,
  from: number,
  count: number,
): Promise<V[]> {
  const values: V[] = [];
  if (count <= 0) return values;
  await fc.check(
    fc.asyncProperty(arbitrary, (value) => {
      values.push(value);
      return Promise.resolve(true);
    }),
    { seed, path: String(from), numRuns: count },
  );
  return values;
}

function failed(records: CapturedRecords): boolean {
  return records.findings.length + records.droppedFindings > 0;
}

interface Judged<V, R> {
  readonly value: V;
  readonly result: R;
  readonly records: CapturedRecords;
}

async function judged<V, R>(fuzzCase: FuzzCase<V, R>, value: V): Promise<Judged<V, R>> {
  const { value: result, records } = await captureRecords(() => fuzzCase.evaluate(value));
  return { value, result, records };
}

/** Runs one fuzz property and records the findings of its minimal counterexample. */
export async function fuzzProperty<V, R>(
  arbitrary: fc.Arbitrary<V>,
  fuzzCase: FuzzCase<V, R>,
  budget: FuzzBudget,
): Promise<FuzzOutcome> {
  const deadline = Date.now() + budget.timeBudgetMs;
  const width = Math.max(1, budget.concurrency);
  const chunk = Math.max(16, width * 4);

  // Shared by the workers (an object, so the compiler sees the writes made inside them).
  const sweep: {
    judged: number;
    interrupted: boolean;
    first?: { index: number; judged: Judged<V, R> };
  } = { judged: 0, interrupted: false };
  for (let offset = 0; offset < budget.runs && sweep.first === undefined; offset += chunk) {
    if (Date.now() > deadline) {
      sweep.interrupted = true;
      break;
    }
    const values = await generatedValues(
      arbitrary,
      budget.seed,
      offset,
      Math.min(chunk, budget.runs - offset),
    );
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const at = next;
        const index = offset + at;
        if (at >= values.length || (sweep.first !== undefined && index > sweep.first.index)) return;
        if (Date.now() > deadline) {
          sweep.interrupted = true;
          return;
        }
        next += 1;
        const outcome = await judged(fuzzCase, values[at] as V);
        sweep.judged += 1;
        adoptTalliesAndOperations(outcome.records);
        if (failed(outcome.records) && (sweep.first === undefined || index < sweep.first.index)) {
          sweep.first = { index, judged: outcome };
        }
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
  }
  const { first, judged: judgedCount, interrupted } = sweep;
  if (first === undefined) return { judged: judgedCount, interrupted };

  // Every failing value the shrinker met, in order: the last is the counterexample it settles on.
  const failures: Judged<V, R>[] = [];
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      const outcome = await judged(fuzzCase, value);
      if (!failed(outcome.records)) return true;
      failures.push(outcome);
      return false;
    }),
    {
      seed: budget.seed,
      path: String(first.index),
      numRuns: budget.runs,
      interruptAfterTimeLimit: Math.max(deadline - Date.now(), MIN_SHRINK_MS),
    },
  );
  const last = failures.at(-1);
  let minimal = first.judged;
  let path = String(first.index);
  let shrinks = 0;
  if (details.failed) {
    // Failed without a failing value: the predicate threw (a bug, or a target we cannot talk to).
    if (last === undefined) {
      throw details.errorInstance instanceof Error
        ? details.errorInstance
        : new Error(String(details.errorInstance));
    }
    minimal = last;
    path = details.counterexamplePath ?? path;
    shrinks = details.numShrinks;
  }
  const reproduced = details.failed;
  const input = fuzzCase.replayInput(minimal.value, minimal.result);
  const explained = fuzzCase.explain?.(minimal.value, minimal.result);
  const findings = minimal.records.findings.map((finding): Finding => ({
    ...finding,
    message: `${finding.message}${explained?.suffix ?? ''}`,
    evidence: {
      ...finding.evidence,
      ...explained?.evidence,
      fuzz: {
        firstFailingRun: first.index,
        shrinks,
        ...(reproduced ? {} : { note: 'the failure did not happen again when replayed: reported unshrunk' }),
      },
    },
    replay: { seed: budget.seed, path, input },
  }));
  for (const finding of findings) recordFinding(finding);
  return {
    judged: judgedCount,
    interrupted,
    failure: { firstFailingRun: first.index, path, shrinks, reproduced, findings },
  };
}
