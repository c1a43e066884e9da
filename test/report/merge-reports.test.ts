import { describe, expect, it } from 'vitest';
import { findingsReportProblem } from '../../src/report/findings-file.ts';
import { fingerprint } from '../../src/report/fingerprint.ts';
import { MergeInputError, mergeRunReports, type MergeInput } from '../../src/report/merge-reports.ts';
import type { RunReport } from '../../src/report/run-report.ts';
import { ALL_TESTS, FAULTS, runReport, testKey, type RunSpec } from './run-reports.ts';

// Shard 1 runs the contract suite files, shard 2 the crypto and fuzz ones: as vitest splits by file.
const shardTests = (i: number): string[] =>
  ALL_TESTS.filter((k) => (i === 1) === k.startsWith('suites/contract/'));

function shard(i: number, n: number, spec: RunSpec = {}): MergeInput {
  return {
    source: `shard-${i}`,
    report: runReport({
      tests: shardTests(i),
      ...spec,
      run: {
        shard: `${i}/${n}`,
        id: `20260101t00000${i}z-000${i}`,
        startedAt: `2026-01-01T00:00:0${i}.000Z`,
        ...spec.run,
      },
    }),
  };
}

const merged = (...inputs: MergeInput[]): RunReport => mergeRunReports(inputs);

describe('merge: the findings of the shards as one run', () => {
  const one = shard(1, 2, { findings: [FAULTS.schema, FAULTS.wrongStatus, FAULTS.schema] });
  const two = shard(2, 2, { findings: [FAULTS.highS, FAULTS.fuzzed] });

  it('writes a findings.json valid against its schema', () => {
    expect(findingsReportProblem(merged(one, two))).toBeUndefined();
  });

  it('keeps every finding of every shard once', () => {
    const prints = merged(one, two).findings.map((f) => f.fingerprint);
    expect(prints.sort()).toEqual(
      [FAULTS.schema, FAULTS.wrongStatus, FAULTS.highS, FAULTS.fuzzed].map((f) => fingerprint(f)).sort(),
    );
  });

  it('orders findings as a single run does: worst first', () => {
    expect(merged(one, two).findings.map((f) => f.severity)).toEqual(['critical', 'high', 'high', 'high']);
  });

  it('deduplicates a finding two shards met, summing its occurrences and keeping the first evidence', () => {
    const a = shard(1, 2, { findings: [FAULTS.schema, FAULTS.schema] });
    const b = shard(2, 2, {
      findings: [{ ...FAULTS.schema, message: 'later wording', test: FAULTS.highS.test }],
    });
    const [f] = merged(a, b).findings;
    expect(f).toMatchObject({
      fingerprint: fingerprint(FAULTS.schema),
      occurrences: 3,
      message: FAULTS.schema.message,
    });
  });

  it('recomputes the counts from the merged findings and tests', () => {
    expect(merged(one, two).counts).toEqual({
      tests: { passed: ALL_TESTS.length - 4, failed: 4, 'not-applicable': 0, skipped: 0 },
      findings: { total: 4, new: 4, known: 0, bySeverity: { critical: 1, high: 3, medium: 0, low: 0 } },
    });
  });

  it('keeps the baseline marks and counts known findings apart', () => {
    const known = new Set([fingerprint(FAULTS.highS)]);
    const a = shard(1, 2, { run: { baseline: 'baseline.json' } });
    const b = shard(2, 2, { findings: [FAULTS.highS], known, run: { baseline: 'baseline.json' } });
    const m = merged(a, b);
    expect(m.counts.findings).toMatchObject({ total: 1, new: 0, known: 1 });
    expect(m.verdict).toBe('conformant');
    expect(m.reason).toMatch(/1 known finding from the baseline/);
  });

  it('sums the check tallies of one operation and check', () => {
    const tally = (passed: number, failed: number) => [
      { operationId: 'GetKey', checkId: 'response_schema_conformance', passed, failed },
    ];
    const m = merged(shard(1, 2, { tallies: tally(3, 1) }), shard(2, 2, { tallies: tally(2, 0) }));
    expect(m.checks).toEqual([
      { operationId: 'GetKey', checkId: 'response_schema_conformance', passed: 5, failed: 1 },
    ]);
  });

  it('counts an operation unexercised only when no shard exercised it', () => {
    const m = merged(
      shard(1, 2, { unexercised: ['ExportKey', 'DeriveKey', 'GenerateSignature'] }),
      shard(2, 2, { unexercised: ['ExportKey', 'CreateKey'] }),
    );
    expect(m.unexercised).toEqual(['ExportKey']);
  });

  it('keeps every test of every shard', () => {
    expect(
      merged(one, two)
        .tests.map((t) => `${t.file}\u0000${t.name}`)
        .sort(),
    ).toEqual([...ALL_TESTS].sort());
  });

  it('spans the shards in time and drops the shard mark', () => {
    const m = merged(two, one);
    expect(m.run).toMatchObject({
      startedAt: one.report.run.startedAt,
      finishedAt: one.report.run.finishedAt,
    });
    expect(m.run.shard).toBeUndefined();
  });

  it('keeps the baseline findings no shard saw again, and drops those one shard did see', () => {
    const m = merged(
      shard(1, 2, { run: { baselineNotSeen: ['aaaaaaaaaaaaaaaa', fingerprint(FAULTS.highS)] } }),
      shard(2, 2, { findings: [FAULTS.highS], run: { baselineNotSeen: ['bbbbbbbbbbbbbbbb'] } }),
    );
    expect(m.run.baselineNotSeen).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
  });

  it('keeps the seed the shards share, and none when they differ', () => {
    expect(merged(shard(1, 2, { run: { seed: 7 } }), shard(2, 2, { run: { seed: 7 } })).run.seed).toBe(7);
    expect(
      merged(shard(1, 2, { run: { seed: 7 } }), shard(2, 2, { run: { seed: 8 } })).run.seed,
    ).toBeUndefined();
  });

  it('names the merged run after the earliest shard, marked with how many others it holds', () => {
    expect(merged(two, one).run.id).toBe(`${one.report.run.id}+1`);
  });

  it('keeps a run id the shards share', () => {
    const id = '20260101t000000z-beef';
    expect(merged(shard(1, 2, { run: { id } }), shard(2, 2, { run: { id } })).run.id).toBe(id);
  });

  it('unites the suites of runs of different suites', () => {
    const a = { source: 'a', report: runReport({ tests: shardTests(1), run: { suites: ['contract'] } }) };
    const b = {
      source: 'b',
      report: runReport({ tests: shardTests(2), run: { suites: ['crypto', 'fuzz'] } }),
    };
    expect(merged(a, b).run.suites).toEqual(['contract', 'crypto', 'fuzz']);
  });
});

describe('merge: the verdict of the whole', () => {
  it.each([
    ['conformant when no shard has a new finding', [shard(1, 2), shard(2, 2)], 'conformant'],
    [
      'nonconformant when one shard has a new finding',
      [shard(1, 2), shard(2, 2, { findings: [FAULTS.highS] })],
      'nonconformant',
    ],
    [
      'run-failed when one shard failed, whatever the others found',
      [
        shard(1, 2, { verdict: 'run-failed', reason: 'target unreachable' }),
        shard(2, 2, { findings: [FAULTS.highS] }),
      ],
      'run-failed',
    ],
  ] as const)('%s', (_name, inputs, verdict) => {
    expect(mergeRunReports(inputs).verdict).toBe(verdict);
  });

  it('names the failed shard and its reason', () => {
    const m = merged(shard(1, 2), shard(2, 2, { verdict: 'run-failed', reason: 'target unreachable' }));
    expect(m.reason).toBe('shard-2: target unreachable');
  });

  it('fails the run when a shard is missing, naming it, so a gate cannot pass on part of a run', () => {
    const m = merged(shard(1, 3), shard(3, 3));
    expect(m).toMatchObject({
      verdict: 'run-failed',
      reason: 'shard 2/3 missing: the merged run is incomplete',
    });
  });

  it('fails the run when every part left every test out (a --grep that matches nothing)', () => {
    const allSkipped = ({ source, report }: MergeInput): MergeInput => ({
      source,
      report: { ...report, tests: report.tests.map((t) => ({ ...t, state: 'skipped' as const })) },
    });
    const m = merged(allSkipped(shard(1, 2)), allSkipped(shard(2, 2)));
    expect(m).toMatchObject({ verdict: 'run-failed', reason: 'no test ran in any part' });
  });

  it('fails the run when no part ran a test', () => {
    const m = merged(shard(1, 2, { tests: [] }), shard(2, 2, { tests: [] }));
    expect(m).toMatchObject({ verdict: 'run-failed', reason: 'no test ran in any part' });
  });
});

describe('merge: parts that are not of one run are refused', () => {
  const s1 = shard(1, 2);
  it.each([
    ['nothing', [], 'nothing to merge'],
    ['a shard given twice', [s1, { ...s1, source: 'copy' }], 'shard-1 and copy are both shard 1/2'],
    ['shards of different splits', [s1, shard(2, 3)], 'shard-2 is shard 2/3 but shard-1 is shard 1/2'],
    [
      'a shard with a whole run',
      [s1, { source: 'whole', report: runReport({ tests: shardTests(2) }) }],
      'whole is a whole run but shard-1 is shard 1/2',
    ],
    [
      'other tool versions',
      [s1, shard(2, 2, { toolVersion: '0.2.0' })],
      'keys-conformance version "0.1.0" vs "0.2.0"',
    ],
    [
      'other contracts',
      [s1, shard(2, 2, { run: { contract: { source: 'x', version: '1.795.3' } } })],
      'contract version "1.807.0" vs "1.795.3"',
    ],
    ['other profiles', [s1, shard(2, 2, { run: { profile: 'dfns' } })], 'profile "full" vs "dfns"'],
    [
      'a baseline on one side only',
      [s1, shard(2, 2, { run: { baseline: 'b.json' } })],
      'baseline "none" vs "a baseline"',
    ],
    [
      'other targets',
      [
        shard(1, 2, { run: { target: 'https://a.example', embeddedReference: false } }),
        shard(2, 2, { run: { target: 'https://b.example', embeddedReference: false } }),
      ],
      'target "https://a.example" vs "https://b.example"',
    ],
    [
      'one whole run given twice',
      [1, 2].map(() => ({ source: 'run', report: runReport({ tests: ALL_TESTS }) })),
      'run and run both ran',
    ],
    [
      'runs that share a test',
      [
        { source: 'a', report: runReport({ tests: ALL_TESTS.slice(0, 2) }) },
        { source: 'b', report: runReport({ tests: ALL_TESTS.slice(1) }) },
      ],
      'a and b both ran',
    ],
  ] as const)('%s', (_name, inputs, message) => {
    expect(() => mergeRunReports(inputs)).toThrow(MergeInputError);
    expect(() => mergeRunReports(inputs)).toThrow(message);
  });

  it('accepts embedded references on different ports as one target', () => {
    const m = merged(
      shard(1, 2, { run: { target: 'http://127.0.0.1:40001' } }),
      shard(2, 2, { run: { target: 'http://127.0.0.1:40002' } }),
    );
    expect(m.run.embeddedReference).toBe(true);
  });

  it('names the failing test when runs overlap', () => {
    const key = testKey(FAULTS.wrongStatus);
    const a = { source: 'a', report: runReport({ tests: [key] }) };
    const b = { source: 'b', report: runReport({ tests: [key] }) };
    expect(() => mergeRunReports([a, b])).toThrow(
      `"${FAULTS.wrongStatus.test.name}" (${FAULTS.wrongStatus.test.file})`,
    );
  });
});
