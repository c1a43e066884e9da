import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Finding } from '../report/finding.ts';
import type { CheckTally, TestRecord, TestState } from '../report/run-report.ts';
import type { AnswerCount } from '../report/unrouted-operations.ts';
import { THROTTLED_PREFIX } from '../harness/precondition.ts';
import type { TestMeta } from './test-meta.ts';
import { operationOfTest } from './test-operation.ts';

export interface Collected {
  readonly tests: readonly TestRecord[];
  readonly findings: readonly Finding[];
  readonly tallies: readonly CheckTally[];
  /** How the target answered each operation, by status, over every test. */
  readonly answers: readonly AnswerCount[];
  /** Problems of the run itself (a suite file that failed to load), not of the target. */
  readonly runErrors: readonly string[];
  /** Calls the client gave up pacing (still 429 with Retry-After after the retries), over every test. */
  readonly throttled: number;
  /** Tests that ran out of time without a finding, recorded as not tested. */
  readonly timedOut: number;
  /** The notes of tests that ended themselves as not tested (a walk stopped by its bound), one per test. */
  readonly notTested: readonly string[];
  /** Suite files vitest was to run, and those that reported tests (an interrupted run stops short). */
  readonly files: { readonly planned: number; readonly reported: number };
}

export interface Collector {
  readonly reporter: Reporter;
  collected(): Collected;
}

const NOT_APPLICABLE = /^not applicable\b/i;
const NOT_TESTED = /^not tested\b/i;
const THROTTLED_NOTE = 'not tested: the target still answered 429 (Retry-After) after the retries';
const TIMED_OUT_NOTE = 'not tested: the test did not finish within the test timeout (--test-timeout)';
// vitest's words for a test or hook that ran out of time.
const VITEST_TIMEOUT = /^(Test|Hook) timed out in \d+ms/;

/**
 * The vitest reporter of a conformance run: turns each finished test into a TestRecord, gathers the
 * findings and check tallies the worker harness put in task meta, and prints one progress line per
 * suite file (to stderr, so stdout stays for the verdict).
 */
export function createCollector(root: string, progress: (line: string) => void): Collector {
  const tests: TestRecord[] = [];
  const findings: Finding[] = [];
  const tallies: CheckTally[] = [];
  const answers: AnswerCount[] = [];
  const runErrors: string[] = [];
  let throttled = 0;
  let timedOut = 0;
  const notTested: string[] = [];
  let planned = 0;

  const reporter: Reporter = {
    onTestCaseResult(testCase: TestCase) {
      const file = relative(root, testCase.module.moduleId);
      const meta = testCase.meta().keysConformance;
      const result = testCase.result();
      const own = [...(meta?.findings ?? [])];
      let state: TestState;
      let note: string | undefined;
      if (result.state === 'skipped') {
        note = result.note;
        state = note !== undefined && NOT_APPLICABLE.test(note) ? 'not-applicable' : 'skipped';
        // A test left out by --grep or an interrupt was never asked to check anything; one that says it
        // was "not tested" was asked and could not, and a verdict of conformance must not pass over that.
        if (note !== undefined && NOT_TESTED.test(note)) notTested.push(note);
      } else if (result.state === 'failed' && own.length === 0 && stoppedByThrottling(result, meta)) {
        // It stopped on a 429 the client gave up pacing: the target said "not now", not "no".
        state = 'skipped';
        note = THROTTLED_NOTE;
      } else if (
        result.state === 'failed' &&
        own.length === 0 &&
        VITEST_TIMEOUT.test(result.errors[0]?.message ?? '')
      ) {
        // Every call has its own deadline, so a test out of time met a slow target, not a broken one.
        state = 'skipped';
        note = TIMED_OUT_NOTE;
        timedOut += 1;
      } else if (result.state === 'failed') {
        state = 'failed';
        // A test that stopped on an error of its own (a precondition the target did not meet) still
        // counts against the target: record why it could not finish.
        if (own.length === 0) {
          const operationId = operationOfTest(testCase.name, meta?.operationIds ?? []);
          const message = firstLine(result.errors[0]?.message ?? 'the test failed without a message');
          own.push({
            checkId: 'test_aborted',
            severity: 'high',
            message: `the test could not complete: ${message}`,
            test: { file, name: testCase.fullName },
            ...(operationId === undefined ? {} : { operationId }),
          });
        }
      } else {
        state = 'passed';
      }
      throttled += meta?.throttled ?? 0;
      findings.push(...own.map((f) => ({ ...f, test: f.test ?? { file, name: testCase.fullName } })));
      tallies.push(...(meta?.tallies ?? []));
      answers.push(...(meta?.answers ?? []));
      tests.push({
        file,
        name: testCase.fullName,
        operationIds: meta?.operationIds ?? [],
        state,
        ...(note === undefined ? {} : { note }),
        durationMs: Math.round(testCase.diagnostic()?.duration ?? 0),
        findings: own.length + (meta?.droppedFindings ?? 0),
        ...(meta?.budgetCut === undefined ? {} : { budgetCut: meta.budgetCut }),
      });
    },

    onTestModuleEnd(testModule: TestModule) {
      const file = relative(root, testModule.moduleId);
      for (const error of testModule.errors()) {
        runErrors.push(`${file} failed to load or crashed: ${firstLine(error.message)}`);
      }
      progress(
        fileProgressLine(
          file,
          tests.filter((t) => t.file === file),
        ),
      );
    },

    onTestRunStart(specifications) {
      planned = new Set(specifications.map((s) => s.moduleId)).size;
    },

    onTestRunEnd(_modules, unhandledErrors) {
      for (const error of unhandledErrors) runErrors.push(`unhandled error: ${firstLine(error.message)}`);
    },
  };

  return {
    reporter,
    collected: () => ({
      tests,
      findings,
      tallies,
      answers,
      runErrors,
      throttled,
      timedOut,
      notTested,
      files: { planned, reported: new Set(tests.map((t) => t.file)).size },
    }),
  };
}

/**
 * The line a finished suite file prints: ✗ when a test failed, ✓ when one passed and none failed, and – when
 * none ran to a verdict (an interrupted run skips what it had not reached; a profile can make a whole file
 * not applicable), so that a ✓ never stands for a file that tested nothing.
 */
export function fileProgressLine(file: string, tests: readonly Pick<TestRecord, 'state'>[]): string {
  const count = (state: TestState): number => tests.filter((t) => t.state === state).length;
  const failed = count('failed');
  const passed = count('passed');
  const parts = [`${passed} passed`];
  if (failed > 0) parts.push(`${failed} failed`);
  const na = count('not-applicable');
  if (na > 0) parts.push(`${na} not applicable`);
  const skipped = count('skipped');
  if (skipped > 0) parts.push(`${skipped} skipped`);
  const mark = failed > 0 ? '✗' : passed > 0 ? '✓' : '–';
  return `  ${mark} ${file}  ${parts.join(' · ')}`;
}

/**
 * A failed test with no finding of its own that a 429 stopped: one of its calls was throttled, or it failed
 * on an error raised for a throttled call elsewhere (a key another test was making for it).
 */
function stoppedByThrottling(result: ReturnType<TestCase['result']>, meta: TestMeta | undefined): boolean {
  const message = result.errors?.[0]?.message ?? '';
  return (meta?.throttled ?? 0) > 0 || message.startsWith(THROTTLED_PREFIX);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
