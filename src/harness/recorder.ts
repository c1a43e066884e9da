import { AsyncLocalStorage } from 'node:async_hooks';
import type { Finding } from '../report/finding.ts';
import type { CheckTally } from '../report/run-report.ts';
import type { TestMeta } from '../run/test-meta.ts';

/**
 * Where a worker keeps what the running test has found. Tests in one worker run one at a time, so a
 * single "current test" is exact; anything recorded between tests (a beforeAll creating keys) waits in
 * a pending bucket and is handed to the next test that ends, so no finding is lost.
 */
const MAX_FINDINGS_PER_TEST = 50;

interface Sink {
  readonly findings: Finding[];
  dropped: number;
  readonly tallies: Map<string, { operationId: string; checkId: string; passed: number; failed: number }>;
  readonly operationIds: Set<string>;
}

function emptySink(): Sink {
  return { findings: [], dropped: 0, tallies: new Map(), operationIds: new Set() };
}

let current: Sink | undefined;
let pending: Sink = emptySink();
let currentTest: { file: string; name: string } | undefined;

// A capture (see captureRecords) takes precedence over the running test, in its own async context only.
const captureScope = new AsyncLocalStorage<Sink>();

function sink(): Sink {
  return captureScope.getStore() ?? current ?? pending;
}

export function beginTest(test: { file: string; name: string }): void {
  current = pending;
  pending = emptySink();
  currentTest = test;
}

export function endTest(): TestMeta {
  const done = current ?? emptySink();
  current = undefined;
  currentTest = undefined;
  return {
    findings: done.findings,
    droppedFindings: done.dropped,
    tallies: [...done.tallies.values()] satisfies CheckTally[],
    operationIds: [...done.operationIds],
  };
}

/** The test now running, for findings that name their test. */
export function runningTest(): { file: string; name: string } | undefined {
  return currentTest;
}

export function recordFinding(finding: Finding): void {
  const s = sink();
  if (s.findings.length < MAX_FINDINGS_PER_TEST) s.findings.push(finding);
  else s.dropped += 1;
}

export function recordTally(operationId: string, checkId: string, passed: boolean): void {
  const s = sink();
  const key = `${operationId}\u0000${checkId}`;
  let tally = s.tallies.get(key);
  if (tally === undefined) {
    tally = { operationId, checkId, passed: 0, failed: 0 };
    s.tallies.set(key, tally);
  }
  if (passed) tally.passed += 1;
  else tally.failed += 1;
}

export function noteOperation(operationId: string): void {
  sink().operationIds.add(operationId);
}

/** How many findings the running test has so far (a test may stop early once it has one). */
export function findingCount(): number {
  const s = sink();
  return s.findings.length + s.dropped;
}

/** What a capture collected: the findings, check tallies and operations of the work it ran. */
export interface CapturedRecords {
  readonly findings: readonly Finding[];
  readonly droppedFindings: number;
  readonly tallies: readonly CheckTally[];
  readonly operationIds: readonly string[];
}

/**
 * Runs `work` with everything it records (automatic checks on its exchanges included) kept apart from
 * the running test, and returns it. A fuzz property judges each generated input this way, many at a
 * time and again while shrinking, and reports only the findings of the minimal counterexample. The
 * capture follows `work`'s async context, so concurrent captures never see each other's records.
 */
export async function captureRecords<T>(
  work: () => Promise<T>,
): Promise<{ readonly value: T; readonly records: CapturedRecords }> {
  const own = emptySink();
  const value = await captureScope.run(own, work);
  return {
    value,
    records: {
      findings: own.findings,
      droppedFindings: own.dropped,
      tallies: [...own.tallies.values()],
      operationIds: [...own.operationIds],
    },
  };
}

/** Adds captured tallies and operations (not findings) to the running test. */
export function adoptTalliesAndOperations(records: CapturedRecords): void {
  const s = sink();
  for (const t of records.tallies) {
    const key = `${t.operationId}\u0000${t.checkId}`;
    const tally = s.tallies.get(key);
    if (tally === undefined) s.tallies.set(key, { ...t });
    else {
      tally.passed += t.passed;
      tally.failed += t.failed;
    }
  }
  for (const id of records.operationIds) s.operationIds.add(id);
}
