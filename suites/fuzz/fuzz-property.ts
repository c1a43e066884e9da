import fc from 'fast-check';
import {
  adoptTalliesAndOperations,
  captureRecords,
  recordBudgetCut,
  recordFinding,
  type CapturedRecords,
  type RecordSink,
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
  /**
   * Sends one generated value and judges it, recording into `sink` (through `h.within(sink)`: many values
   * are in flight at once); returns what it ran.
   */
  readonly evaluate: (value: V, sink: RecordSink) => Promise<R>;
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

/** A pull source of the values fast-check tries, in its order; `stop` ends it early. */
export interface ValueStream<V> {
  /** The next value and its run index, or undefined when the runs are used up (or the stream stopped). */
  next(): Promise<{ readonly index: number; readonly value: V } | undefined>;
  stop(): Promise<void>;
}

/** Values drawn ahead of the sweep: enough to keep every worker busy, few enough to stay cheap. */
const READ_AHEAD = 64;

/**
 * The values `fc.check(fc.asyncProperty(arbitrary, …), { seed, numRuns: runs })` tries, in order, drawn
 * by fast-check's own runner as the sweep asks for them: the collecting predicate waits while the buffer is
 * full, so generation is interleaved with sending (a slow generator, encrypting import shares, never keeps
 * the event loop from the target's connections for long) and costs O(runs). Stopping makes the predicate
 * fail once, and `endOnFailure` ends the run there without shrinking.
 */
export function valueStream<V>(arbitrary: fc.Arbitrary<V>, seed: number, runs: number): ValueStream<V> {
  const buffer: V[] = [];
  let consumed = 0;
  // An object, so the compiler sees the writes made in the other closures.
  const state = { finished: false, stopped: false };
  const stopped = (): boolean => state.stopped;
  // Workers waiting for a value (several may wait at once); each re-checks the buffer when woken.
  const waiting: (() => void)[] = [];
  let wakeProducer: (() => void) | undefined;
  const wake = (): void => {
    for (const consumer of waiting.splice(0)) consumer();
  };
  const run = fc
    .check(
      fc.asyncProperty(arbitrary, async (value) => {
        if (stopped()) return false;
        buffer.push(value);
        wake();
        while (buffer.length >= READ_AHEAD && !stopped()) {
          await new Promise<void>((resolve) => {
            wakeProducer = resolve;
          });
        }
        return !stopped();
      }),
      { seed, numRuns: runs, endOnFailure: true },
    )
    .finally(() => {
      state.finished = true;
      wake();
    });
  return {
    async next() {
      while (buffer.length === 0) {
        if (state.finished || state.stopped) return undefined;
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
        });
      }
      const value = buffer.shift() as V;
      const index = consumed;
      consumed += 1;
      const producer = wakeProducer;
      wakeProducer = undefined;
      producer?.();
      return { index, value };
    },
    async stop() {
      state.stopped = true;
      buffer.length = 0;
      const producer = wakeProducer;
      wakeProducer = undefined;
      producer?.();
      wake();
      await run;
    },
  };
}

/** The first `count` values of a stream (for tests: what fast-check tries, in order). */
export async function generatedValues<V>(
  arbitrary: fc.Arbitrary<V>,
  seed: number,
  count: number,
): Promise<V[]> {
  const stream = valueStream(arbitrary, seed, count);
  const values: V[] = [];
  for (let next = await stream.next(); next !== undefined; next = await stream.next())
    values.push(next.value);
  await stream.stop();
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
  const { value: result, records } = await captureRecords((sink) => fuzzCase.evaluate(value, sink));
  return { value, result, records };
}

/** Runs one fuzz property and records the findings of its minimal counterexample. */
export async function fuzzProperty<V, R>(
  arbitrary: fc.Arbitrary<V>,
  fuzzCase: FuzzCase<V, R>,
  budget: FuzzBudget,
): Promise<FuzzOutcome> {
  const deadline = Date.now() + budget.timeBudgetMs;

  // Shared by the workers (an object, so the compiler sees the writes made inside them).
  const sweep: {
    judged: number;
    interrupted: boolean;
    first?: { index: number; judged: Judged<V, R> };
  } = { judged: 0, interrupted: false };
  const stream = valueStream(arbitrary, budget.seed, budget.runs);
  const worker = async (): Promise<void> => {
    for (;;) {
      if (Date.now() > deadline) {
        sweep.interrupted = true;
        return;
      }
      const next = await stream.next();
      if (next === undefined || (sweep.first !== undefined && next.index > sweep.first.index)) return;
      const outcome = await judged(fuzzCase, next.value);
      sweep.judged += 1;
      adoptTalliesAndOperations(outcome.records);
      if (failed(outcome.records) && (sweep.first === undefined || next.index < sweep.first.index)) {
        sweep.first = { index: next.index, judged: outcome };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, budget.concurrency) }, worker));
  } finally {
    await stream.stop();
  }
  const { first, judged: judgedCount, interrupted } = sweep;
  // Said in the reports: a property cut short by the time budget judged fewer inputs than --runs asked for.
  if (interrupted) recordBudgetCut(judgedCount, budget.runs);
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
