import type { TestState, Verdict } from '../report/run-report.ts';

/** What a run's verdict depends on, once its tests have ended. */
export interface VerdictInput {
  readonly interrupted: boolean;
  /** Suite files the run was to run, and those whose tests it reported. */
  readonly files?: { readonly planned: number; readonly reported: number };
  /** Errors of the run itself (an unhandled error, a suite file that did not load). */
  readonly runErrors: readonly string[];
  /** Calls still answered 429 with Retry-After after the client's retries: what they were for went untested. */
  readonly throttled: number;
  /** Tests that ran out of time (`testTimeoutMs`) without a finding: what they were to test went untested. */
  readonly timedOut?: number;
  readonly testTimeoutMs?: number;
  /** The notes of tests that ended themselves as not tested (a walk stopped before the end of a list). */
  readonly notTested?: readonly string[];
  readonly tests: Readonly<Record<TestState, number>>;
  /** Findings, and how many of them a baseline does not know. */
  readonly findings: number;
  readonly newFindings: number;
  readonly baseline: boolean;
  /** The selection, to say what matched nothing. */
  readonly suites: readonly string[];
  readonly grep?: string;
  /** One shard may hold no test of the selection; `merge` judges the whole. */
  readonly shard?: string;
}

function durationText(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 1000)}s`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The counts of an interrupted run leave out the files it never reached: the reason says how many. */
function interruptedReason(files: VerdictInput['files']): string {
  const unreached = files === undefined ? 0 : files.planned - files.reported;
  if (files === undefined || unreached <= 0) return 'the run was interrupted';
  return `the run was interrupted: the tests of ${unreached} of its ${plural(files.planned, 'suite file')} never ran and are not counted`;
}

/**
 * The verdict and its one-line reason. A run that ran no test failed, even when every test was left
 * out by --grep: a CI gate with a mistyped pattern must not pass on nothing.
 */
export function runVerdict(input: VerdictInput): { readonly verdict: Verdict; readonly reason: string } {
  const { tests } = input;
  if (input.interrupted) return { verdict: 'run-failed', reason: interruptedReason(input.files) };
  const runError = input.runErrors[0];
  if (runError !== undefined) return { verdict: 'run-failed', reason: runError };
  if (input.throttled > 0) {
    // Throttling is no fault of the target's contract, and no pass either: the untested part is unknown.
    return {
      verdict: 'run-failed',
      reason: `the target throttled the run: ${plural(input.throttled, 'call')} still answered 429 (Retry-After) after the retries, so what they were to test went untested; lower --workers, --concurrency or --fuzz-concurrency, or raise --rate-limit-retries`,
    };
  }
  const timedOut = input.timedOut ?? 0;
  if (timedOut > 0) {
    // A slow target is no breach of the contract (each call has its own --timeout), and no pass either.
    return {
      verdict: 'run-failed',
      reason: `${plural(timedOut, 'test')} did not finish within ${durationText(input.testTimeoutMs ?? 0)}, the target answering too slowly for ${timedOut === 1 ? 'it' : 'them'}, so what ${timedOut === 1 ? 'it tests' : 'they test'} went untested; raise --test-timeout, or lower --runs`,
    };
  }
  const notTested = input.notTested ?? [];
  const firstNote = notTested[0];
  if (firstNote !== undefined) {
    // A test that could not check its property is no breach of the contract, and no pass either.
    const reasons = new Set(notTested).size;
    return {
      verdict: 'run-failed',
      reason: `${plural(notTested.length, 'test')} not tested: ${firstNote.replace(/^not tested:\s*/i, '')}${reasons > 1 ? ` (and ${plural(reasons - 1, 'other reason')}, in the report)` : ''}`,
    };
  }
  const ran = tests.passed + tests.failed + tests['not-applicable'];
  if (ran === 0 && input.shard === undefined) {
    const selection = [
      ...(input.suites.length > 0 ? [`suites: ${input.suites.join(', ')}`] : []),
      ...(input.grep === undefined ? [] : [`--grep ${JSON.stringify(input.grep)}`]),
    ];
    return {
      verdict: 'run-failed',
      reason: `no test ran${selection.length > 0 ? ` (${selection.join('; ')})` : ''}`,
    };
  }
  const failedTests = plural(tests.failed, 'failed test');
  if (input.newFindings > 0) {
    return {
      verdict: 'nonconformant',
      reason: `${input.newFindings} ${input.baseline ? 'new ' : ''}finding${input.newFindings === 1 ? '' : 's'} in ${failedTests}`,
    };
  }
  if (input.findings > 0) {
    return {
      verdict: 'conformant',
      reason: `no new findings: ${plural(input.findings, 'finding')} in ${failedTests}, all known from the baseline; ${tests.passed} passed, ${tests['not-applicable']} not applicable`,
    };
  }
  return {
    verdict: 'conformant',
    reason: `${plural(tests.passed, 'test')} passed, ${tests['not-applicable']} not applicable`,
  };
}
