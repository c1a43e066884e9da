import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  beginTest,
  captureRecords,
  endTest,
  recordFinding,
  recordTally,
  type RecordSink,
} from '../../src/harness/recorder.ts';
import {
  fuzzProperty,
  generatedValues,
  valueStream,
  type FuzzCase,
} from '../../suites/fuzz/fuzz-property.ts';

/**
 * The fuzz engine without a target: a "check" that fails for integers of at least 1000 stands in for a
 * target's answers. It shows the sweep meets exactly fast-check's values, a failure is shrunk to its
 * minimum and reported once (not once per shrink step), the recorded seed and path replay the minimal
 * counterexample, and concurrency does not change the outcome.
 */

const BUDGET = { runs: 200, seed: 42, timeBudgetMs: 60_000, concurrency: 1 };

/** Records one finding for a "bad" value, as a check would through the harness. */
function thresholdCase(threshold: number, judged: number[] = []): FuzzCase<number> {
  return {
    evaluate: async (value, sink) => {
      await Promise.resolve();
      judged.push(value);
      recordTally('Op', 'threshold', value < threshold, sink);
      if (value >= threshold) {
        recordFinding(
          { checkId: 'not_a_server_error', severity: 'high', message: `failed for ${value}` },
          sink,
        );
      }
    },
    replayInput: (value) => ({ value }),
  };
}

beforeEach(() => {
  beginTest({ file: 'test/fuzz/fuzz-property.test.ts', name: 'engine' });
});
afterEach(() => {
  endTest();
});

describe('valueStream', () => {
  it.each([
    ['integers', fc.integer()],
    ['strings', fc.string()],
    ['records', fc.record({ a: fc.nat(), b: fc.option(fc.boolean()) })],
  ] as const)('yields the %s fast-check tries in one run, in order', async (_name, arbitrary) => {
    const seen: unknown[] = [];
    await fc.check(
      fc.asyncProperty(arbitrary, (value) => {
        seen.push(value);
        return Promise.resolve(true);
      }),
      { seed: 7, numRuns: 300 },
    );
    expect(await generatedValues<unknown>(arbitrary, 7, 300)).toEqual(seen);
  });

  it('draws only a little ahead of what is pulled, and stops without drawing the rest', async () => {
    let drawn = 0;
    const stream = valueStream(
      fc.nat().map((n) => {
        drawn += 1;
        return n;
      }),
      1,
      10_000_000,
    );
    for (let i = 0; i < 5; i += 1) await stream.next();
    await stream.stop();
    expect(drawn).toBeLessThan(5 + 100);
    expect(await stream.next()).toBeUndefined();
  });
});

describe('fuzzProperty', () => {
  it('reports nothing when every value passes, and hands the sweep tallies to the test', async () => {
    const outcome = await fuzzProperty(fc.integer({ min: 0, max: 999 }), thresholdCase(1000), BUDGET);
    expect(outcome).toEqual({ judged: 200, interrupted: false });
    const meta = endTest();
    expect(meta.findings).toEqual([]);
    expect(meta.tallies).toEqual([{ operationId: 'Op', checkId: 'threshold', passed: 200, failed: 0 }]);
  });

  it('shrinks a failure to its minimum and records exactly one finding for it', async () => {
    const outcome = await fuzzProperty(fc.integer({ min: 0, max: 1_000_000 }), thresholdCase(1000), BUDGET);
    const findings = endTest().findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe('failed for 1000');
    expect(findings[0]?.replay).toEqual({ seed: 42, path: outcome.failure?.path, input: { value: 1000 } });
    expect(outcome.failure?.shrinks).toBeGreaterThan(0);
  });

  it('records a seed and path from which fast-check replays the minimal counterexample', async () => {
    const arbitrary = fc.integer({ min: 0, max: 1_000_000 });
    const outcome = await fuzzProperty(arbitrary, thresholdCase(1000), BUDGET);
    const [replayed] = fc.sample(arbitrary, { seed: 42, path: outcome.failure?.path ?? '', numRuns: 1 });
    expect(replayed).toBe(1000);
  });

  it.each([1, 3, 8])(
    'finds the same minimal counterexample with %i value(s) in flight',
    async (concurrency) => {
      const arbitrary = fc.tuple(fc.nat(5000), fc.string());
      const failing: FuzzCase<[number, string]> = {
        evaluate: async ([n], sink) => {
          await new Promise((resolve) => setTimeout(resolve, n % 3));
          if (n >= 1000)
            recordFinding({ checkId: 'not_a_server_error', severity: 'high', message: 'failed' }, sink);
        },
        replayInput: (value) => value,
      };
      const outcome = await fuzzProperty(arbitrary, failing, { ...BUDGET, concurrency });
      expect(endTest().findings[0]?.replay?.input).toEqual([1000, '']);
      const sequential = await fuzzProperty(arbitrary, failing, { ...BUDGET, concurrency: 1 });
      expect(outcome.failure?.firstFailingRun).toBe(sequential.failure?.firstFailingRun);
    },
  );

  it('stops judging new values past the first failure', async () => {
    const judged: number[] = [];
    const values = await generatedValues(fc.nat(2000), 42, 200);
    const first = values.findIndex((v) => v >= 1000);
    await fuzzProperty(fc.nat(2000), thresholdCase(1000, judged), BUDGET);
    // The sweep judged runs 0..first; everything after is shrinking, which only tries smaller values.
    expect(judged.slice(0, first + 1)).toEqual(values.slice(0, first + 1));
    expect(judged.slice(first + 1).every((v) => v <= (values[first] ?? 0))).toBe(true);
  });

  it('lets an error of the evaluation (not a finding) escape', async () => {
    const broken: FuzzCase<number> = {
      evaluate: () => Promise.reject(new Error('cannot reach the target')),
      replayInput: (value) => value,
    };
    await expect(fuzzProperty(fc.nat(), broken, BUDGET)).rejects.toThrow('cannot reach the target');
  });

  it('adds what explain says to the message and evidence of the finding', async () => {
    const explained: FuzzCase<number, string> = {
      evaluate: (value, sink) => {
        if (value >= 10)
          recordFinding({ checkId: 'lifecycle_model', severity: 'high', message: 'diverged' }, sink);
        return Promise.resolve(`ran ${value}`);
      },
      replayInput: (_value, result) => result,
      explain: (_value, result) => ({ evidence: { steps: [result] }, suffix: ` — ${result}` }),
    };
    await fuzzProperty(fc.nat(100), explained, BUDGET);
    const [finding] = endTest().findings;
    expect(finding?.message).toBe('diverged — ran 10');
    expect(finding?.evidence?.steps).toEqual(['ran 10']);
    expect(finding?.replay?.input).toBe('ran 10');
  });
});

describe('captureRecords', () => {
  it('keeps the records of concurrent captures apart and out of the running test', async () => {
    const work = (label: string, delays: number[]) => async (sink: RecordSink) => {
      for (const delay of delays) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        recordFinding({ checkId: 'not_a_server_error', severity: 'high', message: label }, sink);
      }
    };
    const [a, b] = await Promise.all([
      captureRecords(work('a', [3, 0, 2])),
      captureRecords(work('b', [0, 2, 1, 0])),
    ]);
    expect(a.records.findings.map((f) => f.message)).toEqual(['a', 'a', 'a']);
    expect(b.records.findings.map((f) => f.message)).toEqual(['b', 'b', 'b', 'b']);
    expect(endTest().findings).toEqual([]);
  });
});
