import { describe, expect, it } from 'vitest';
import { compare, type ComparedFinding, type Comparison } from '../../src/report/compare.ts';
import { fingerprint } from '../../src/report/fingerprint.ts';
import type { Finding } from '../../src/report/finding.ts';
import { ALL_TESTS, FAULTS, runReport, testKey } from './run-reports.ts';

const all = (c: Comparison): ComparedFinding[] => c.groups.flatMap((g) => g.findings);
const prints = (c: Comparison, status: ComparedFinding['status']): string[] =>
  all(c)
    .filter((f) => f.status === status)
    .map((f) => f.fingerprint)
    .sort();
const printsOf = (...findings: Finding[]): string[] => findings.map((f) => fingerprint(f)).sort();

describe('compare: new, fixed and still failing by fingerprint', () => {
  const clean = runReport();
  const twoFaults = runReport({ findings: [FAULTS.highS, FAULTS.wrongStatus] });

  it('reports the findings of the faulty run as new against a clean run', () => {
    const c = compare(clean, twoFaults);
    expect(prints(c, 'new')).toEqual(printsOf(FAULTS.highS, FAULTS.wrongStatus));
    expect(c.counts).toEqual({ new: 2, fixed: 0, stillFailing: 0, unconfirmed: { new: 0, fixed: 0 } });
  });

  it('reports them as fixed the other way round', () => {
    const c = compare(twoFaults, clean);
    expect(prints(c, 'fixed')).toEqual(printsOf(FAULTS.highS, FAULTS.wrongStatus));
    expect(c.counts).toEqual({ new: 0, fixed: 2, stillFailing: 0, unconfirmed: { new: 0, fixed: 0 } });
  });

  it('reports a finding in both runs as still failing, with both occurrence counts', () => {
    const base = runReport({ findings: [FAULTS.highS, FAULTS.wrongStatus] });
    const next = runReport({ findings: [FAULTS.highS, FAULTS.highS, FAULTS.schema] });
    const c = compare(base, next);
    expect(c.counts).toMatchObject({ new: 1, fixed: 1, stillFailing: 1 });
    const still = all(c).find((f) => f.status === 'still-failing');
    expect(still).toMatchObject({
      fingerprint: fingerprint(FAULTS.highS),
      occurrences: { base: 1, next: 2 },
    });
    expect(still).not.toHaveProperty('confirmed');
  });

  it('finds nothing between a run and an identical one', () => {
    const c = compare(twoFaults, runReport({ findings: [FAULTS.wrongStatus, FAULTS.highS] }));
    expect(c.counts).toMatchObject({ new: 0, fixed: 0, stillFailing: 2 });
  });

  it('matches findings by fingerprint, not by message (messages carry values that change per run)', () => {
    const reworded = { ...FAULTS.wrongStatus, message: 'CreateKey answered 202, the contract documents 201' };
    const c = compare(runReport({ findings: [FAULTS.wrongStatus] }), runReport({ findings: [reworded] }));
    expect(c.counts).toMatchObject({ new: 0, fixed: 0, stillFailing: 1 });
  });

  it('treats a fuzzed finding whose shrunk input differs as another finding', () => {
    const other = { ...FAULTS.fuzzed, replay: { ...FAULTS.fuzzed.replay, input: { scheme: 'EdDSA' } } };
    const c = compare(runReport({ findings: [FAULTS.fuzzed] }), runReport({ findings: [other] }));
    expect(c.counts).toMatchObject({ new: 1, fixed: 1, stillFailing: 0 });
  });

  it('notes a severity that changed on a still-failing finding and shows the new one', () => {
    const worse = { ...FAULTS.wrongStatus, severity: 'critical' } as const;
    const c = compare(runReport({ findings: [FAULTS.wrongStatus] }), runReport({ findings: [worse] }));
    expect(all(c)[0]).toMatchObject({
      status: 'still-failing',
      severity: 'critical',
      note: 'severity high → critical',
    });
  });

  it('carries the evidence a reader acts on: message, pointer, subject, curl, test', () => {
    const [f] = all(compare(clean, runReport({ findings: [FAULTS.highS] })));
    expect(f).toEqual({
      status: 'new',
      fingerprint: fingerprint(FAULTS.highS),
      checkId: FAULTS.highS.checkId,
      severity: 'critical',
      operationId: 'GenerateSignature',
      pointer: FAULTS.highS.pointer,
      subject: 'ECDSA/secp256k1',
      message: FAULTS.highS.message,
      curl: FAULTS.highS.curl,
      test: FAULTS.highS.test,
      occurrences: { base: 0, next: 1 },
      confirmed: true,
    });
  });
});

describe('compare: grouping by operation and check', () => {
  const base = runReport({ findings: [FAULTS.schema, FAULTS.header] });
  const next = runReport({
    findings: [FAULTS.schema, FAULTS.schemaOnList, FAULTS.highS, { ...FAULTS.schema, subject: 'Key' }],
  });
  const c = compare(base, next);

  it('makes one group per operation and check, ordered by operation then check', () => {
    expect(c.groups.map((g) => [g.operationId, g.checkId])).toEqual([
      ['GenerateSignature', 'signature_low_s'],
      ['GetKey', 'response_schema_conformance'],
      ['GetKey', 'undocumented_header'],
      ['ListKeys', 'response_schema_conformance'],
    ]);
  });

  it('counts each status within a group and lists new before fixed before still failing', () => {
    const getKeySchema = c.groups.find(
      (g) => g.operationId === 'GetKey' && g.checkId === 'response_schema_conformance',
    );
    expect(getKeySchema?.counts).toEqual({ new: 1, fixed: 0, stillFailing: 1 });
    expect(getKeySchema?.findings.map((f) => f.status)).toEqual(['new', 'still-failing']);
    const header = c.groups.find((g) => g.checkId === 'undocumented_header');
    expect(header?.counts).toEqual({ new: 0, fixed: 1, stillFailing: 0 });
  });

  it('puts findings without an operation in a group of their own, last', () => {
    const runWide = {
      checkId: 'cleanup_incomplete',
      severity: 'medium',
      message: 'a key was left behind',
    } as const;
    const groups = compare(base, runReport({ findings: [FAULTS.highS, runWide] })).groups;
    expect(groups.at(-1)).toMatchObject({ operationId: null, checkId: 'cleanup_incomplete' });
  });
});

describe('compare: a change is confirmed only when the same test ran in both runs', () => {
  const without = (key: string): string[] => ALL_TESTS.filter((k) => k !== key);

  it('marks a new finding unconfirmed when its test did not run in BASE', () => {
    const c = compare(
      runReport({ tests: without(testKey(FAULTS.highS)) }),
      runReport({ findings: [FAULTS.highS] }),
    );
    expect(all(c)[0]).toMatchObject({
      status: 'new',
      confirmed: false,
      note: 'its test did not run in BASE',
    });
    expect(c.counts.unconfirmed).toEqual({ new: 1, fixed: 0 });
  });

  it('marks a fixed finding unconfirmed when its test was not applicable in NEW', () => {
    const c = compare(
      runReport({ findings: [FAULTS.highS] }),
      runReport({ notApplicable: [testKey(FAULTS.highS)] }),
    );
    expect(all(c)[0]).toMatchObject({
      status: 'fixed',
      confirmed: false,
      note: 'its test was not-applicable in NEW',
    });
    expect(c.counts.unconfirmed).toEqual({ new: 0, fixed: 1 });
  });

  it('confirms a fix when the test ran in NEW, even if it failed on something else', () => {
    const c = compare(
      runReport({ findings: [FAULTS.schema] }),
      runReport({ findings: [FAULTS.header] }), // same test as FAULTS.schema, now failing on a header
    );
    expect(all(c).find((f) => f.status === 'fixed')).toMatchObject({ confirmed: true });
  });

  it('without a test, goes by whether the operation was exercised on the other side', () => {
    const { test: _test, ...noTest } = FAULTS.wrongStatus;
    const c = compare(runReport({ unexercised: ['CreateKey'] }), runReport({ findings: [noTest] }));
    expect(all(c)[0]).toMatchObject({ confirmed: false, note: 'CreateKey was not exercised in BASE' });
  });
});

describe('compare: what else differs between the runs', () => {
  const base = runReport();

  it.each([
    [
      'contract',
      { run: { contract: { source: 'specs/1.795.3.yaml', version: '1.795.3' } } },
      '1.807.0',
      '1.795.3',
    ],
    [
      'target',
      { run: { target: 'https://staging.example', embeddedReference: false } },
      'embedded reference',
      'https://staging.example',
    ],
    ['profile', { run: { profile: 'dfns' } }, 'full', 'dfns'],
    ['suites', { run: { suites: ['contract', 'crypto'] } }, 'all', 'contract,crypto'],
    ['shard', { run: { shard: '1/2' } }, 'none', '1/2'],
    ['tool', { toolVersion: '0.2.0' }, '0.1.0', '0.2.0'],
    ['baseline', { run: { baseline: 'reports/baseline.json' } }, 'none', 'set'],
  ] as const)('says when the %s differs', (aspect, spec, from, to) => {
    const c = compare(base, runReport(spec));
    expect(c.contextChanges).toEqual([expect.objectContaining({ aspect, base: from, next: to })]);
    expect(c.contextChanges[0]?.consequence).toMatch(/\S/);
  });

  it('does not count two embedded references on different ports as different targets', () => {
    const c = compare(base, runReport({ run: { target: 'http://127.0.0.1:52000' } }));
    expect(c.contextChanges).toEqual([]);
  });

  it('says how many tests ran on one side only', () => {
    const c = compare(base, runReport({ tests: ALL_TESTS.slice(1) }));
    expect(c.contextChanges).toEqual([
      expect.objectContaining({
        aspect: 'tests',
        base: `${ALL_TESTS.length} tests, 1 not in NEW`,
        next: `${ALL_TESTS.length - 1} tests, 0 not in BASE`,
      }),
    ]);
  });

  it('reports nothing when the runs differ only in the target’s behaviour', () => {
    const c = compare(
      base,
      runReport({ findings: [FAULTS.highS], run: { id: 'other', startedAt: '2026-01-02T00:00:00Z' } }),
    );
    expect(c.contextChanges).toEqual([]);
    expect(c.warnings).toEqual([]);
  });

  it.each([
    [
      'BASE',
      runReport({ verdict: 'run-failed', reason: 'target unreachable' }),
      base,
      /^BASE run failed \(target unreachable\)/,
    ],
    [
      'NEW',
      base,
      runReport({ verdict: 'run-failed', reason: 'no test ran' }),
      /^NEW run failed \(no test ran\)/,
    ],
  ])('warns that a failed %s run makes the diff incomplete', (_side, a, b, warning) => {
    expect(compare(a, b).warnings).toEqual([expect.stringMatching(warning)]);
  });

  it('warns when BASE and NEW are the same run', () => {
    expect(compare(base, base).warnings).toEqual(['BASE and NEW are the same run']);
  });

  it('names the sources it was given', () => {
    const c = compare(base, base, { base: 'a/findings.json', next: 'b' });
    expect([c.base.source, c.next.source]).toEqual(['a/findings.json', 'b']);
  });
});

describe('compare: a finding names its test as the worker saw it', () => {
  it.each([
    [
      'the file relative to another cwd',
      { file: `../../repo/${FAULTS.highS.test.file}`, name: FAULTS.highS.test.name },
    ],
    [
      'the name prefixed with the file',
      { file: FAULTS.highS.test.file, name: `${FAULTS.highS.test.file} > ${FAULTS.highS.test.name}` },
    ],
    [
      'both',
      {
        file: `../x/${FAULTS.highS.test.file}`,
        name: `${FAULTS.highS.test.file} > ${FAULTS.highS.test.name}`,
      },
    ],
  ])('still finds the test record when it uses %s', (_name, test) => {
    const c = compare(runReport(), runReport({ findings: [{ ...FAULTS.highS, test }] }));
    expect(all(c)[0]).toMatchObject({ status: 'new', confirmed: true });
  });

  it('does not take a test of the same name in another file for it', () => {
    const test = { file: 'suites/other/file.test.ts', name: FAULTS.highS.test.name };
    const c = compare(
      runReport(),
      runReport({
        findings: [{ ...FAULTS.highS, test }],
        tests: [...ALL_TESTS, `${test.file}\u0000${test.name}`],
      }),
    );
    // Present in NEW only, so BASE never ran it.
    expect(all(c)[0]).toMatchObject({ confirmed: false });
  });
});
