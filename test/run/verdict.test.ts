import { describe, expect, it } from 'vitest';
import type { TestState } from '../../src/report/run-report.ts';
import { runVerdict, type VerdictInput } from '../../src/run/verdict.ts';

function tests(counts: Partial<Record<TestState, number>>): Record<TestState, number> {
  return { passed: 0, failed: 0, 'not-applicable': 0, skipped: 0, ...counts };
}

const CLEAN: VerdictInput = {
  interrupted: false,
  runErrors: [],
  throttled: 0,
  tests: tests({ passed: 5, 'not-applicable': 1 }),
  findings: 0,
  newFindings: 0,
  baseline: false,
  suites: [],
};

describe('the verdict of a run', () => {
  it.each<[string, Partial<VerdictInput>, string, string]>([
    ['a clean run', {}, 'conformant', '5 tests passed, 1 not applicable'],
    [
      'a clean run of one test',
      { tests: tests({ passed: 1 }) },
      'conformant',
      '1 test passed, 0 not applicable',
    ],
    [
      'new findings',
      { tests: tests({ passed: 4, failed: 1 }), findings: 2, newFindings: 2 },
      'nonconformant',
      '2 findings in 1 failed test',
    ],
    [
      'a finding the baseline does not know',
      { tests: tests({ passed: 3, failed: 2 }), findings: 3, newFindings: 1, baseline: true },
      'nonconformant',
      '1 new finding in 2 failed tests',
    ],
    [
      'findings all known from the baseline',
      { tests: tests({ passed: 4, failed: 1 }), findings: 1, newFindings: 0, baseline: true },
      'conformant',
      'no new findings: 1 finding in 1 failed test, all known from the baseline; 4 passed, 0 not applicable',
    ],
    ['an interrupted run', { interrupted: true }, 'run-failed', 'the run was interrupted'],
    [
      'an interrupted run that never reached some files',
      { interrupted: true, files: { planned: 21, reported: 4 } },
      'run-failed',
      'the run was interrupted: the tests of 17 of its 21 suite files never ran and are not counted',
    ],
    [
      'an interrupted run that had reached every file',
      { interrupted: true, files: { planned: 3, reported: 3 } },
      'run-failed',
      'the run was interrupted',
    ],
    [
      'an error of the run itself',
      { runErrors: ['unhandled error: boom', 'later'] },
      'run-failed',
      'unhandled error: boom',
    ],
    [
      'calls the target throttled past the retries, even with findings',
      { throttled: 2, tests: tests({ passed: 4, failed: 1 }), findings: 1, newFindings: 1 },
      'run-failed',
      'the target throttled the run: 2 calls still answered 429 (Retry-After) after the retries, so what they were to test went untested; lower --workers, --concurrency or --fuzz-concurrency, or raise --rate-limit-retries',
    ],
    [
      'a test that ran out of time, even with findings elsewhere',
      {
        timedOut: 1,
        testTimeoutMs: 120_000,
        tests: tests({ passed: 4, failed: 1, skipped: 1 }),
        findings: 1,
        newFindings: 1,
      },
      'run-failed',
      '1 test did not finish within 2m, the target answering too slowly for it, so what it tests went untested; raise --test-timeout, or lower --runs',
    ],
    [
      'tests that ran out of time',
      { timedOut: 3, testTimeoutMs: 150_000, tests: tests({ passed: 4, skipped: 3 }) },
      'run-failed',
      '3 tests did not finish within 150s, the target answering too slowly for them, so what they test went untested; raise --test-timeout, or lower --runs',
    ],
    [
      'walks that stopped before the end of the list, even with findings elsewhere',
      {
        notTested: [
          'not tested: the walk stopped after 500 pages (maxListPages) before the end of the list; raise maxListPages',
          'not tested: the walk stopped after 500 pages (maxListPages) before the end of the list; raise maxListPages',
        ],
        tests: tests({ passed: 3, failed: 1, skipped: 2 }),
        findings: 1,
        newFindings: 1,
      },
      'run-failed',
      '2 tests not tested: the walk stopped after 500 pages (maxListPages) before the end of the list; raise maxListPages',
    ],
    [
      'every test of a --grep not tested (not "no test ran")',
      {
        notTested: [
          'not tested: the walk stopped after 3 pages (maxListPages)',
          'not tested: at its time limit',
        ],
        tests: tests({ skipped: 24 }),
        grep: 'walking pages',
      },
      'run-failed',
      '2 tests not tested: the walk stopped after 3 pages (maxListPages) (and 1 other reason, in the report)',
    ],
    ['no test at all', { tests: tests({}) }, 'run-failed', 'no test ran'],
    [
      'every test left out by --grep',
      { tests: tests({ skipped: 292 }), grep: 'zzz' },
      'run-failed',
      'no test ran (--grep "zzz")',
    ],
    [
      'every test of the chosen suites left out by --grep',
      { tests: tests({ skipped: 40 }), suites: ['contract', 'crypto/nonces'], grep: '^Nothing:' },
      'run-failed',
      'no test ran (suites: contract, crypto/nonces; --grep "^Nothing:")',
    ],
    [
      'a shard whose files hold no test --grep matches (merge judges the whole)',
      { tests: tests({ skipped: 12 }), grep: '^CreateKey:', shard: '2/3' },
      'conformant',
      '0 tests passed, 0 not applicable',
    ],
  ])('%s', (_what, input, verdict, reason) => {
    expect(runVerdict({ ...CLEAN, ...input })).toEqual({ verdict, reason });
  });
});
