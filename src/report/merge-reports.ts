import type { Severity } from './finding.ts';
import { mergeUnrouted } from './unrouted-operations.ts';
import {
  countBySeverity,
  countTests,
  mergeTallies,
  type ReportedFinding,
  type RunReport,
  type TestRecord,
  type Verdict,
} from './run-report.ts';

/** Inputs that cannot be merged into one run; the message is one line naming the inputs and the problem. */
export class MergeInputError extends Error {
  override readonly name = 'MergeInputError';
}

/** One part of a run: a shard (`run --shard i/n`) or a run of some suites on another machine. */
export interface MergeInput {
  /** Where it was read from, for messages. */
  readonly source: string;
  readonly report: RunReport;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * One run from its parts. The parts must be of one run in everything that gives findings their meaning —
 * tool version, contract version, profile, baseline or not, target (any embedded reference counts as
 * one) — but their run ids need not match: each shard picks its own. Shards, when given, must be
 * distinct `i/n` of one `n`; a missing shard makes the merged verdict `run-failed`, since a gate must not
 * pass on part of a run. No test may appear in two parts (it would be counted twice).
 *
 * Findings are deduplicated by fingerprint (occurrences summed, the first part's evidence kept), tallies
 * summed, tests concatenated; an operation is unexercised only if no part exercised it; counts and the
 * verdict are recomputed.
 */
export function mergeRunReports(inputs: readonly MergeInput[]): RunReport {
  const first = inputs[0];
  if (first === undefined)
    throw new MergeInputError('nothing to merge: expected one or more run directories');
  checkAlike(inputs, first);
  const missingShards = checkShards(inputs);
  checkNoTestTwice(inputs);

  const reports = inputs.map((i) => i.report);
  const findings = mergeFindings(reports);
  const tests: TestRecord[] = reports.flatMap((r) => r.tests);
  const testCounts = countTests(tests);
  const fresh = findings.filter((f) => f.baseline === 'new').length;
  const unexercised = first.report.unexercised.filter((op) =>
    reports.every((r) => r.unexercised.includes(op)),
  );
  const unrouted = mergeUnrouted(reports);

  const { verdict, reason } = mergedVerdict(
    inputs,
    missingShards,
    // Tests left out by --grep are recorded as skipped; they did not run.
    tests.length - testCounts.skipped,
    fresh,
    findings.length,
    testCounts,
  );
  const byStart = [...reports].sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  const earliest = byStart[0]!;
  const ids = new Set(reports.map((r) => r.run.id));
  const suites = reports.some((r) => r.run.suites.includes('all'))
    ? ['all']
    : [...new Set(reports.flatMap((r) => r.run.suites))];
  const { shard: _shard, baselineNotSeen: _notSeen, seed, ...run } = first.report.run;
  // Parts of other seeds drew other inputs: the merged run has no one seed to repeat it with.
  const oneSeed = reports.every((r) => r.run.seed === seed) ? seed : undefined;
  // Parts run different files: what one part missed no other part can have seen, unless it did.
  const merged = new Set(findings.map((f) => f.fingerprint));
  const notSeen = [...new Set(reports.flatMap((r) => r.run.baselineNotSeen ?? []))].filter(
    (print) => !merged.has(print),
  );

  return {
    format: 'keys-conformance/findings@1',
    tool: first.report.tool,
    run: {
      ...run,
      // One id when the parts share one; else the earliest part's, marked with how many it stands for.
      id: ids.size === 1 ? earliest.run.id : `${earliest.run.id}+${reports.length - 1}`,
      startedAt: earliest.run.startedAt,
      finishedAt: reports.map((r) => r.run.finishedAt).reduce((a, b) => (a > b ? a : b)),
      suites,
      ...(oneSeed === undefined ? {} : { seed: oneSeed }),
      ...(notSeen.length === 0 ? {} : { baselineNotSeen: notSeen }),
    },
    verdict,
    reason,
    counts: {
      tests: testCounts,
      findings: {
        total: findings.length,
        new: fresh,
        known: findings.length - fresh,
        bySeverity: countBySeverity(findings),
      },
    },
    findings,
    tests,
    checks: mergeTallies(reports.flatMap((r) => r.checks)),
    unexercised,
    ...(unrouted.length === 0 ? {} : { unrouted }),
  };
}

function checkAlike(inputs: readonly MergeInput[], first: MergeInput): void {
  const aspects: readonly [string, (r: RunReport) => string][] = [
    ['keys-conformance version', (r) => r.tool.version],
    ['contract version', (r) => r.run.contract.version],
    ['profile', (r) => r.run.profile],
    ['baseline', (r) => (r.run.baseline === undefined ? 'none' : 'a baseline')],
    ['target', (r) => (r.run.embeddedReference ? 'the embedded reference' : r.run.target)],
  ];
  for (const input of inputs.slice(1)) {
    for (const [aspect, of] of aspects) {
      const a = of(first.report);
      const b = of(input.report);
      if (a !== b) {
        throw new MergeInputError(
          `${first.source} and ${input.source} are not parts of one run: ${aspect} ${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
        );
      }
    }
  }
}

/** Returns the shards of `n` that no input covers; throws when shards and whole runs are mixed or repeat. */
function checkShards(inputs: readonly MergeInput[]): string[] {
  const sharded = inputs.filter((i) => i.report.run.shard !== undefined);
  if (sharded.length === 0) return [];
  if (sharded.length !== inputs.length) {
    const whole = inputs.find((i) => i.report.run.shard === undefined)!;
    throw new MergeInputError(
      `${whole.source} is a whole run but ${sharded[0]!.source} is shard ${sharded[0]!.report.run.shard!}: merge shards of one run, or whole runs of different suites`,
    );
  }
  const seen = new Map<number, string>();
  let total: number | undefined;
  for (const input of inputs) {
    const [i, n] = input.report.run.shard!.split('/').map(Number) as [number, number];
    if (total !== undefined && n !== total) {
      throw new MergeInputError(
        `${input.source} is shard ${i}/${n} but ${inputs[0]!.source} is shard ${inputs[0]!.report.run.shard!}: the shards must split the suites the same way`,
      );
    }
    total = n;
    const other = seen.get(i);
    if (other !== undefined) {
      throw new MergeInputError(
        `${other} and ${input.source} are both shard ${i}/${n}: give each shard once`,
      );
    }
    seen.set(i, input.source);
  }
  const missing: string[] = [];
  for (let i = 1; i <= total!; i += 1) if (!seen.has(i)) missing.push(`${i}/${total!}`);
  return missing;
}

// Owners are told apart by position, not by source: the same source given twice is the same run twice.
function checkNoTestTwice(inputs: readonly MergeInput[]): void {
  const owner = new Map<string, number>();
  inputs.forEach((input, index) => {
    for (const test of input.report.tests) {
      const key = `${test.file}\u0000${test.name}`;
      const other = owner.get(key);
      if (other !== undefined && other !== index) {
        throw new MergeInputError(
          `${inputs[other]!.source} and ${input.source} both ran "${test.name}" (${test.file}): the same run twice, or runs that overlap`,
        );
      }
      owner.set(key, index);
    }
  });
}

function mergeFindings(reports: readonly RunReport[]): ReportedFinding[] {
  const byPrint = new Map<string, ReportedFinding>();
  for (const report of reports) {
    for (const finding of report.findings) {
      const seen = byPrint.get(finding.fingerprint);
      byPrint.set(
        finding.fingerprint,
        seen === undefined ? finding : { ...seen, occurrences: seen.occurrences + finding.occurrences },
      );
    }
  }
  // The order a single run gives (see dedupeFindings): worst first, then by operation and check.
  return [...byPrint.values()].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.operationId ?? '').localeCompare(b.operationId ?? '') ||
      a.checkId.localeCompare(b.checkId),
  );
}

function mergedVerdict(
  inputs: readonly MergeInput[],
  missingShards: readonly string[],
  testsRun: number,
  fresh: number,
  total: number,
  tests: Readonly<Record<TestRecord['state'], number>>,
): { verdict: Verdict; reason: string } {
  const failed = inputs.find((i) => i.report.verdict === 'run-failed');
  if (failed !== undefined) {
    return { verdict: 'run-failed', reason: `${failed.source}: ${failed.report.reason}` };
  }
  if (missingShards.length > 0) {
    return {
      verdict: 'run-failed',
      reason: `shard${missingShards.length === 1 ? '' : 's'} ${missingShards.join(', ')} missing: the merged run is incomplete`,
    };
  }
  if (testsRun === 0) return { verdict: 'run-failed', reason: 'no test ran in any part' };
  const parts = `${inputs.length} part${inputs.length === 1 ? '' : 's'}`;
  const baseline = inputs[0]!.report.run.baseline !== undefined;
  if (fresh > 0) {
    return {
      verdict: 'nonconformant',
      reason: `${fresh} ${baseline ? 'new ' : ''}finding${fresh === 1 ? '' : 's'} in ${tests.failed} failed test${tests.failed === 1 ? '' : 's'} (merged from ${parts})`,
    };
  }
  const known = total > 0 ? `; ${total} known finding${total === 1 ? '' : 's'} from the baseline` : '';
  return {
    verdict: 'conformant',
    reason: `${tests.passed} test${tests.passed === 1 ? '' : 's'} passed, ${tests['not-applicable']} not applicable${known} (merged from ${parts})`,
  };
}
