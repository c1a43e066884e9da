import type { Severity } from './finding.ts';
import type { ReportedFinding, RunReport, TestRecord, Verdict } from './run-report.ts';

/** `new`: in NEW only; `fixed`: in BASE only; `still-failing`: in both (same fingerprint). */
export type ComparedStatus = 'new' | 'fixed' | 'still-failing';

export interface ComparedFinding {
  readonly status: ComparedStatus;
  readonly fingerprint: string;
  readonly checkId: string;
  /** From NEW when the finding is there, else from BASE. */
  readonly severity: Severity;
  readonly operationId?: string;
  readonly pointer?: string;
  readonly subject?: string;
  readonly message: string;
  readonly curl?: string;
  readonly test?: { readonly file: string; readonly name: string };
  /** How often each run met it (0: not at all). */
  readonly occurrences: { readonly base: number; readonly next: number };
  /**
   * New and fixed only. True when the test that found it ran (passed or failed) in the other run too,
   * so the change is the target's doing. False when that test did not run there (other suites, another
   * shard, a test added or dropped, not applicable under the profile): then `new` may be new coverage
   * and `fixed` may be a fault nobody looked for, and `note` says which.
   */
  readonly confirmed?: boolean;
  /** Why it is not confirmed, or what else changed (severity). */
  readonly note?: string;
}

/** The findings of one operation and check, new first. */
export interface ComparisonGroup {
  /** null: findings that belong to no operation (e.g. a check of the whole run). */
  readonly operationId: string | null;
  readonly checkId: string;
  readonly counts: { readonly new: number; readonly fixed: number; readonly stillFailing: number };
  readonly findings: readonly ComparedFinding[];
}

export type ContextAspect =
  'contract' | 'target' | 'profile' | 'suites' | 'shard' | 'tool' | 'baseline' | 'tests';

/** Something that differs between the two runs besides the target's behaviour, and what it does to the diff. */
export interface ContextChange {
  readonly aspect: ContextAspect;
  readonly base: string;
  readonly next: string;
  /** One line: how this skews the comparison. */
  readonly consequence: string;
}

export interface ComparedRun {
  /** The file or directory the report was read from, when known. */
  readonly source?: string;
  readonly id: string;
  readonly verdict: Verdict;
  readonly startedAt: string;
  readonly target: string;
  readonly embeddedReference: boolean;
  readonly contract: { readonly source: string; readonly version: string };
  readonly profile: string;
  readonly suites: readonly string[];
  readonly shard?: string;
  readonly toolVersion: string;
  readonly findings: number;
}

export interface Comparison {
  readonly format: 'keys-conformance/compare@1';
  readonly base: ComparedRun;
  readonly next: ComparedRun;
  readonly counts: {
    readonly new: number;
    readonly fixed: number;
    readonly stillFailing: number;
    /** New and fixed findings whose test did not run on the other side (see ComparedFinding.confirmed). */
    readonly unconfirmed: { readonly new: number; readonly fixed: number };
  };
  /** Empty when the runs are alike in everything but the target's behaviour. */
  readonly contextChanges: readonly ContextChange[];
  /** Runs that failed: their findings are incomplete, so the diff is too. */
  readonly warnings: readonly string[];
  readonly groups: readonly ComparisonGroup[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };
const STATUS_RANK: Readonly<Record<ComparedStatus, number>> = { new: 0, fixed: 1, 'still-failing': 2 };

/**
 * What changed from BASE to NEW, finding by finding (by fingerprint), grouped by operation and check —
 * and what else differs between the runs (contract, target, profile, suites, tests), because a diff
 * across different suites or contracts says as much about the setup as about the target.
 */
export function compare(
  base: RunReport,
  next: RunReport,
  sources: { readonly base?: string; readonly next?: string } = {},
): Comparison {
  const baseByPrint = new Map(base.findings.map((f) => [f.fingerprint, f]));
  const nextByPrint = new Map(next.findings.map((f) => [f.fingerprint, f]));
  const baseTests = testIndex(base.tests);
  const nextTests = testIndex(next.tests);

  const compared: ComparedFinding[] = [];
  for (const finding of next.findings) {
    const before = baseByPrint.get(finding.fingerprint);
    if (before === undefined) {
      compared.push(
        withConfirmation(entry('new', finding, 0, finding.occurrences), finding, baseTests, base, 'BASE'),
      );
    } else {
      const severityNote =
        before.severity === finding.severity
          ? {}
          : { note: `severity ${before.severity} → ${finding.severity}` };
      compared.push({
        ...entry('still-failing', finding, before.occurrences, finding.occurrences),
        ...severityNote,
      });
    }
  }
  for (const finding of base.findings) {
    if (nextByPrint.has(finding.fingerprint)) continue;
    compared.push(
      withConfirmation(entry('fixed', finding, finding.occurrences, 0), finding, nextTests, next, 'NEW'),
    );
  }

  const count = (status: ComparedStatus, unconfirmedOnly = false): number =>
    compared.filter((c) => c.status === status && (!unconfirmedOnly || c.confirmed === false)).length;
  return {
    format: 'keys-conformance/compare@1',
    base: comparedRun(base, sources.base),
    next: comparedRun(next, sources.next),
    counts: {
      new: count('new'),
      fixed: count('fixed'),
      stillFailing: count('still-failing'),
      unconfirmed: { new: count('new', true), fixed: count('fixed', true) },
    },
    contextChanges: contextChanges(base, next, baseTests, nextTests),
    warnings: warnings(base, next),
    groups: group(compared),
  };
}

function entry(
  status: ComparedStatus,
  f: ReportedFinding,
  baseCount: number,
  nextCount: number,
): ComparedFinding {
  return {
    status,
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    severity: f.severity,
    ...(f.operationId === undefined ? {} : { operationId: f.operationId }),
    ...(f.pointer === undefined ? {} : { pointer: f.pointer }),
    ...(f.subject === undefined ? {} : { subject: f.subject }),
    message: f.message,
    ...(f.curl === undefined ? {} : { curl: f.curl }),
    ...(f.test === undefined ? {} : { test: { file: f.test.file, name: f.test.name } }),
    occurrences: { base: baseCount, next: nextCount },
  };
}

/**
 * A new finding is a regression, and a missing one a fix, only if the same test ran in the other run.
 * Without a test to go by, the operation standing unexercised there is the tell.
 */
function withConfirmation(
  compared: ComparedFinding,
  finding: ReportedFinding,
  otherTests: ReadonlyMap<string, TestRecord>,
  other: RunReport,
  otherName: 'BASE' | 'NEW',
): ComparedFinding {
  if (finding.test !== undefined) {
    const test = findTest(otherTests, finding.test);
    if (test === undefined) {
      return { ...compared, confirmed: false, note: `its test did not run in ${otherName}` };
    }
    if (test.state === 'not-applicable' || test.state === 'skipped') {
      return { ...compared, confirmed: false, note: `its test was ${test.state} in ${otherName}` };
    }
    return { ...compared, confirmed: true };
  }
  if (finding.operationId !== undefined && other.unexercised.includes(finding.operationId)) {
    return {
      ...compared,
      confirmed: false,
      note: `${finding.operationId} was not exercised in ${otherName}`,
    };
  }
  return { ...compared, confirmed: true };
}

function testKey(test: { readonly file: string; readonly name: string }): string {
  return `${test.file}\u0000${test.name}`;
}

function testIndex(tests: readonly TestRecord[]): Map<string, TestRecord> {
  return new Map(tests.map((t) => [testKey(t), t]));
}

/**
 * The test record a finding's `test` names. Findings name their test as the worker saw it, which may
 * differ from the record the run kept: the file relative to the worker's cwd (`../../repo/suites/x.test.ts`)
 * and the name prefixed with the file (`suites/x.test.ts > GetKey: …`). So when the exact key misses, a
 * record matches if the finding's file ends with the record's file and its name is the record's name,
 * alone or after `<file> > `.
 */
function findTest(
  index: ReadonlyMap<string, TestRecord>,
  test: { readonly file: string; readonly name: string },
): TestRecord | undefined {
  const exact = index.get(testKey(test));
  if (exact !== undefined) return exact;
  for (const record of index.values()) {
    const sameFile = test.file === record.file || test.file.endsWith(`/${record.file}`);
    if (!sameFile) continue;
    if (test.name === record.name) return record;
    if (test.name === `${record.file} > ${record.name}`) return record;
  }
  return undefined;
}

function comparedRun(report: RunReport, source: string | undefined): ComparedRun {
  const { run } = report;
  return {
    ...(source === undefined ? {} : { source }),
    id: run.id,
    verdict: report.verdict,
    startedAt: run.startedAt,
    target: run.target,
    embeddedReference: run.embeddedReference,
    contract: { source: run.contract.source, version: run.contract.version },
    profile: run.profile,
    suites: [...run.suites],
    ...(run.shard === undefined ? {} : { shard: run.shard }),
    toolVersion: report.tool.version,
    findings: report.findings.length,
  };
}

function contextChanges(
  base: RunReport,
  next: RunReport,
  baseTests: ReadonlyMap<string, TestRecord>,
  nextTests: ReadonlyMap<string, TestRecord>,
): ContextChange[] {
  const changes: ContextChange[] = [];
  const differ = (aspect: ContextAspect, a: string, b: string, consequence: string): void => {
    if (a !== b) changes.push({ aspect, base: a, next: b, consequence });
  };
  const a = base.run;
  const b = next.run;
  differ(
    'contract',
    a.contract.version,
    b.contract.version,
    'the runs checked different contracts: some findings come from the contract change, not the target',
  );
  // Two embedded references on different ports are the same target; anything else is not.
  const targetOf = (run: RunReport['run']): string =>
    run.embeddedReference ? 'embedded reference' : run.target;
  differ(
    'target',
    targetOf(a),
    targetOf(b),
    'the runs tested different targets: this compares two servers, not two versions of one',
  );
  differ(
    'profile',
    a.profile,
    b.profile,
    'the profiles differ: tests one profile disables count as fixed or new without the target changing',
  );
  differ(
    'suites',
    [...a.suites].sort().join(','),
    [...b.suites].sort().join(','),
    'the runs ran different suites: findings of a suite only one side ran show as new or fixed',
  );
  differ(
    'shard',
    a.shard ?? 'none',
    b.shard ?? 'none',
    'the runs cover different shards of the suites: merge the shards first (keys-conformance merge)',
  );
  differ(
    'tool',
    base.tool.version,
    next.tool.version,
    'the runs used different keys-conformance versions: checks and fingerprints may have changed',
  );
  differ(
    'baseline',
    a.baseline === undefined ? 'none' : 'set',
    b.baseline === undefined ? 'none' : 'set',
    'one run had a baseline: compare ignores it, but the verdicts are not comparable',
  );
  const onlyBase = [...baseTests.keys()].filter((k) => !nextTests.has(k)).length;
  const onlyNext = [...nextTests.keys()].filter((k) => !baseTests.has(k)).length;
  if (onlyBase > 0 || onlyNext > 0) {
    changes.push({
      aspect: 'tests',
      base: `${baseTests.size} tests, ${onlyBase} not in NEW`,
      next: `${nextTests.size} tests, ${onlyNext} not in BASE`,
      consequence: 'the runs ran different tests: their findings are marked unconfirmed',
    });
  }
  return changes;
}

function warnings(base: RunReport, next: RunReport): string[] {
  const out: string[] = [];
  if (base.verdict === 'run-failed') {
    out.push(
      `BASE run failed (${base.reason}): its findings are incomplete, so some "new" ones may not be new`,
    );
  }
  if (next.verdict === 'run-failed') {
    out.push(
      `NEW run failed (${next.reason}): its findings are incomplete, so some "fixed" ones may not be fixed`,
    );
  }
  if (base.run.id === next.run.id && base.run.startedAt === next.run.startedAt) {
    out.push('BASE and NEW are the same run');
  }
  return out;
}

function group(compared: readonly ComparedFinding[]): ComparisonGroup[] {
  const groups = new Map<
    string,
    { operationId: string | null; checkId: string; findings: ComparedFinding[] }
  >();
  for (const c of compared) {
    const operationId = c.operationId ?? null;
    const key = `${operationId ?? ''}\u0000${c.checkId}`;
    const g = groups.get(key);
    if (g) g.findings.push(c);
    else groups.set(key, { operationId, checkId: c.checkId, findings: [c] });
  }
  return [...groups.values()]
    .sort(
      (x, y) =>
        // Findings without an operation go last: they are about the run, not an endpoint.
        Number(x.operationId === null) - Number(y.operationId === null) ||
        (x.operationId ?? '').localeCompare(y.operationId ?? '') ||
        x.checkId.localeCompare(y.checkId),
    )
    .map((g) => {
      const findings = [...g.findings].sort(
        (x, y) =>
          STATUS_RANK[x.status] - STATUS_RANK[y.status] ||
          SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] ||
          x.fingerprint.localeCompare(y.fingerprint),
      );
      const n = (status: ComparedStatus): number => findings.filter((f) => f.status === status).length;
      return {
        operationId: g.operationId,
        checkId: g.checkId,
        counts: { new: n('new'), fixed: n('fixed'), stillFailing: n('still-failing') },
        findings,
      };
    });
}
