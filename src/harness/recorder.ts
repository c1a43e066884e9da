import type { Finding } from '../report/finding.ts';
import type { CheckTally } from '../report/run-report.ts';
import { addAnswers, type AnswerCount, type AnswerTally } from '../report/unrouted-operations.ts';
import type { TestMeta } from '../run/test-meta.ts';

/**
 * Where a worker keeps what the running test has found. Tests in one worker run one at a time, so a
 * single "current test" is exact; anything recorded between tests (a beforeAll creating keys) waits in
 * a pending bucket and is handed to the next test that ends, so no finding is lost. Work that must keep
 * its records apart (one fuzz input among many in flight) records into a sink of its own, passed
 * explicitly (see captureRecords).
 */
const MAX_FINDINGS_PER_TEST = 50;

/** A place for records: the running test's, or a capture's own (made by captureRecords). */
export interface RecordSink {
  readonly findings: Finding[];
  dropped: number;
  readonly tallies: Map<string, { operationId: string; checkId: string; passed: number; failed: number }>;
  readonly operationIds: Set<string>;
  /** How the target answered each operation, by status (src/report/unrouted-operations.ts). */
  readonly answers: AnswerTally;
  /** Calls the client gave up pacing (still 429 with Retry-After after its retries): nothing was judged. */
  throttled: number;
  /** A fuzz property the time budget stopped before its runs: how many inputs it judged of how many. */
  budgetCut?: { readonly judged: number; readonly runs: number };
}

const sinks = new WeakSet<object>();

function emptySink(): RecordSink {
  return {
    findings: [],
    dropped: 0,
    tallies: new Map(),
    operationIds: new Set(),
    answers: new Map(),
    throttled: 0,
  };
}

/** True for a sink made by captureRecords (what the client hands back as an exchange's scope). */
export function isRecordSink(value: unknown): value is RecordSink {
  return typeof value === 'object' && value !== null && sinks.has(value);
}

let current: RecordSink | undefined;
let pending: RecordSink = emptySink();
let currentTest: { file: string; name: string } | undefined;

function sink(own?: RecordSink): RecordSink {
  return own ?? current ?? pending;
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
    answers: [...done.answers.values()],
    throttled: done.throttled,
    ...(done.budgetCut === undefined ? {} : { budgetCut: done.budgetCut }),
  };
}

/** Notes that the running test's fuzz property judged `judged` of its `runs` inputs before the time budget. */
export function recordBudgetCut(judged: number, runs: number): void {
  sink().budgetCut = { judged, runs };
}

/** The test now running, for findings that name their test. */
export function runningTest(): { file: string; name: string } | undefined {
  return currentTest;
}

/** `own` records into a capture's sink instead of the running test (so for the others below). */
export function recordFinding(finding: Finding, own?: RecordSink): void {
  const s = sink(own);
  if (s.findings.length < MAX_FINDINGS_PER_TEST) s.findings.push(finding);
  else s.dropped += 1;
}

export function recordTally(operationId: string, checkId: string, passed: boolean, own?: RecordSink): void {
  const s = sink(own);
  const key = `${operationId}\u0000${checkId}`;
  let tally = s.tallies.get(key);
  if (tally === undefined) {
    tally = { operationId, checkId, passed: 0, failed: 0 };
    s.tallies.set(key, tally);
  }
  if (passed) tally.passed += 1;
  else tally.failed += 1;
}

/** Counts one answer of the target to an operation, by status. */
export function recordAnswer(operationId: string, status: number, own?: RecordSink): void {
  addAnswers(sink(own).answers, [{ operationId, status, count: 1 }]);
}

export function noteOperation(operationId: string, own?: RecordSink): void {
  sink(own).operationIds.add(operationId);
}

/** Counts a call the client gave up pacing (see Client.onThrottled). */
export function recordThrottled(own?: RecordSink): void {
  sink(own).throttled += 1;
}

/** How many findings the running test has so far (a test may stop early once it has one). */
export function findingCount(own?: RecordSink): number {
  const s = sink(own);
  return s.findings.length + s.dropped;
}

/** What a capture collected: the findings, check tallies and operations of the work it ran. */
export interface CapturedRecords {
  readonly findings: readonly Finding[];
  readonly droppedFindings: number;
  readonly tallies: readonly CheckTally[];
  readonly operationIds: readonly string[];
  readonly answers: readonly AnswerCount[];
  readonly throttled: number;
}

/**
 * Runs `work` with a sink of its own and returns what was recorded into it. A fuzz property judges each
 * generated input this way, many at a time and again while shrinking, and reports only the findings of
 * the minimal counterexample. `work` records through `h.within(sink)` (whose exchanges carry the sink to
 * the automatic checks) or the recording functions' `own` argument. The sink is passed explicitly rather
 * than carried by an AsyncLocalStorage: on Node 20 that installs promise hooks that cost every promise
 * of the worker, for the rest of its life, about a sixth of the fuzzer's throughput.
 */
export async function captureRecords<T>(
  work: (sink: RecordSink) => Promise<T>,
): Promise<{ readonly value: T; readonly records: CapturedRecords }> {
  const own = emptySink();
  sinks.add(own);
  let value: T;
  try {
    value = await work(own);
  } catch (error) {
    // The work's findings go with it, but a throttled call must still reach the run's verdict.
    sink().throttled += own.throttled;
    throw error;
  }
  return {
    value,
    records: {
      findings: own.findings,
      droppedFindings: own.dropped,
      tallies: [...own.tallies.values()],
      operationIds: [...own.operationIds],
      answers: [...own.answers.values()],
      throttled: own.throttled,
    },
  };
}

/** Adds captured tallies, operations, answers and throttled calls (not findings) to the running test. */
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
  addAnswers(s.answers, records.answers);
  s.throttled += records.throttled;
}
