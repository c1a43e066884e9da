import type { UntaughtPropertyNote } from './untaught-note.ts';
import type { UnroutedOperation } from './unrouted-operations.ts';
import type { Finding, Severity } from './finding.ts';
import { SEVERITIES } from './finding.ts';
import { fingerprint } from './fingerprint.ts';

/** How one suite test ended. `not-applicable`: the target profile disables what it tests. */
export type TestState = 'passed' | 'failed' | 'not-applicable' | 'skipped';

export interface TestRecord {
  readonly file: string;
  readonly name: string;
  readonly operationIds: readonly string[];
  readonly state: TestState;
  readonly note?: string;
  readonly durationMs: number;
  readonly findings: number;
  /** A fuzz property the time budget stopped before its runs: inputs judged of --runs. */
  readonly budgetCut?: { readonly judged: number; readonly runs: number };
}

/** How often a named check ran on an operation and how often it failed: the summary's matrix cells. */
export interface CheckTally {
  readonly operationId: string;
  readonly checkId: string;
  readonly passed: number;
  readonly failed: number;
}

/** `known`: in the baseline the run was given; `new`: not in it (or no baseline). */
export type BaselineStatus = 'new' | 'known';

export interface ReportedFinding extends Finding {
  readonly fingerprint: string;
  /** How many times the run met this finding (same fingerprint); the evidence shown is the first. */
  readonly occurrences: number;
  readonly baseline: BaselineStatus;
}

export type Verdict = 'conformant' | 'nonconformant' | 'run-failed';

export interface RunInfo {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly target: string;
  readonly embeddedReference: boolean;
  /** The catalogued faults the embedded reference ran with (`run --reference-fault`). */
  readonly referenceFaults?: readonly string[];
  /** The contract the embedded reference implements, when it is not the one the run checked (--spec). */
  readonly referenceContract?: string;
  readonly contract: { readonly source: string; readonly version: string };
  readonly profile: string;
  readonly suites: readonly string[];
  /** The seed of every generated input (`--seed`): the same seed repeats the run's inputs. */
  readonly seed?: number;
  readonly baseline?: string;
  /**
   * Fingerprints of baseline findings whose tests ran in this run without finding them again: fixed, or
   * drawn differently; a baseline still holding them would pass them as known if they came back.
   */
  readonly baselineNotSeen?: readonly string[];
  /** `i/n` when the run was one shard of several (see `keys-conformance merge`). */
  readonly shard?: string;
  /** The test-name pattern the run was limited to, if any. */
  readonly grep?: string;
  /** Request body properties of the contract that the suite was not written for (a newer contract). */
  readonly untaughtProperties?: readonly UntaughtPropertyNote[];
  /** Operations of the contract that the suite was not written for: tested from their schemas only. */
  readonly untaughtOperations?: readonly string[];
}

export interface RunReport {
  readonly format: 'keys-conformance/findings@1';
  readonly tool: { readonly name: 'keys-conformance'; readonly version: string };
  readonly run: RunInfo;
  readonly verdict: Verdict;
  /** One line: why the verdict is what it is. */
  readonly reason: string;
  readonly counts: {
    readonly tests: Readonly<Record<TestState, number>>;
    readonly findings: {
      readonly total: number;
      readonly new: number;
      readonly known: number;
      readonly bySeverity: Readonly<Record<Severity, number>>;
    };
  };
  readonly findings: readonly ReportedFinding[];
  readonly tests: readonly TestRecord[];
  readonly checks: readonly CheckTally[];
  /** Operations of the contract that no test exercised (a conformant run leaves this empty). */
  readonly unexercised: readonly string[];
  /**
   * Operations that look unimplemented: never answered 2xx, only 404/405/501, valid input included
   * (src/report/unrouted-operations.ts). Absent when there are none, and in reports of older versions.
   */
  readonly unrouted?: readonly UnroutedOperation[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Folds findings with the same fingerprint into one, keeping the first evidence and counting repeats. */
export function dedupeFindings(
  findings: readonly Finding[],
  known: ReadonlySet<string> = new Set(),
): ReportedFinding[] {
  const byPrint = new Map<string, { first: Finding; occurrences: number }>();
  for (const finding of findings) {
    const print = fingerprint(finding);
    const seen = byPrint.get(print);
    if (seen) seen.occurrences += 1;
    else byPrint.set(print, { first: finding, occurrences: 1 });
  }
  return [...byPrint.entries()]
    .map(([print, { first, occurrences }]) => ({
      ...first,
      fingerprint: print,
      occurrences,
      baseline: known.has(print) ? ('known' as const) : ('new' as const),
    }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        (a.operationId ?? '').localeCompare(b.operationId ?? '') ||
        a.checkId.localeCompare(b.checkId),
    );
}

/** Sums tallies that name the same operation and check. */
export function mergeTallies(tallies: Iterable<CheckTally>): CheckTally[] {
  const merged = new Map<string, { operationId: string; checkId: string; passed: number; failed: number }>();
  for (const t of tallies) {
    const key = `${t.operationId}\u0000${t.checkId}`;
    const m = merged.get(key);
    if (m) {
      m.passed += t.passed;
      m.failed += t.failed;
    } else merged.set(key, { ...t });
  }
  return [...merged.values()].sort(
    (a, b) => a.operationId.localeCompare(b.operationId) || a.checkId.localeCompare(b.checkId),
  );
}

export function countBySeverity(findings: readonly ReportedFinding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

export function countTests(tests: readonly TestRecord[]): Record<TestState, number> {
  const counts: Record<TestState, number> = { passed: 0, failed: 0, 'not-applicable': 0, skipped: 0 };
  for (const t of tests) counts[t.state] += 1;
  return counts;
}
