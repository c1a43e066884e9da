import { describe, expect, it } from 'vitest';
import type { TestCase, TestSpecification } from 'vitest/node';
import type { TestState } from '../../src/report/run-report.ts';
import type { TestMeta } from '../../src/run/test-meta.ts';
import { createCollector, fileProgressLine } from '../../src/run/collector.ts';
import { operationOfTest } from '../../src/run/test-operation.ts';

const ROOT = '/project';

/** The part of vitest's TestCase the collector reads: a test that failed on an error of its own. */
function abortedTest(
  name: string,
  operationIds: readonly string[],
  error: string,
  throttled = 0,
  findings: TestMeta['findings'] = [],
): TestCase {
  const meta: TestMeta = { findings, droppedFindings: 0, tallies: [], operationIds, throttled };
  const fake = {
    name,
    fullName: name,
    module: { moduleId: `${ROOT}/suites/fuzz/parameters.test.ts` },
    meta: () => ({ keysConformance: meta }),
    result: () => ({ state: 'failed', errors: [{ message: error }] }),
    diagnostic: () => ({ duration: 12 }),
  };
  return fake as unknown as TestCase;
}

/** A test that failed on `error` after `throttled` calls the client gave up pacing. */
const stoppedTest = (throttled: number, error: string): TestCase =>
  abortedTest(
    'CreateKey: fuzzed valid bodies are accepted or refused for a stated reason',
    [],
    error,
    throttled,
  );

function collected(testCase: TestCase) {
  const collector = createCollector(ROOT, () => undefined);
  collector.reporter.onTestCaseResult?.(testCase);
  return collector.collected();
}

const abortedFinding = (testCase: TestCase) => collected(testCase).findings;

describe('operationOfTest', () => {
  it('takes the operation a test title starts with', () => {
    expect(operationOfTest('GetSignature: fuzzed valid parameters', ['CreateUserActionChallenge'])).toBe(
      'GetSignature',
    );
  });

  it('falls back to the first operation called when the title names none', () => {
    expect(operationOfTest('a signing key is made once', ['ImportKey', 'GetKey'])).toBe('ImportKey');
  });

  it('is undefined when the title names none and nothing was called', () => {
    expect(operationOfTest('judges shared signatures', [])).toBeUndefined();
  });
});

describe('the run collector', () => {
  it('files test_aborted under the operation the test title names, not the first one called', () => {
    const findings = abortedFinding(
      abortedTest(
        'GetSignature: fuzzed valid parameters are accepted or refused for a stated reason',
        ['CreateUserActionChallenge', 'CreateUserActionSignature'],
        'GenerateSignature: expected a 2xx JSON object, got 404',
      ),
    );
    expect(findings.map((f) => [f.checkId, f.operationId, f.message])).toEqual([
      [
        'test_aborted',
        'GetSignature',
        'the test could not complete: GenerateSignature: expected a 2xx JSON object, got 404',
      ],
    ]);
  });

  it('files test_aborted under its operation even when the test called nothing (shared samples)', () => {
    const findings = abortedFinding(
      abortedTest(
        'GenerateSignature: signatures of imported ECDSA/secp256k1 keys are low-S',
        [],
        'ecdsa_low_s: none of 8 signature requests returned a signature to judge',
      ),
    );
    expect(findings.map((f) => f.operationId)).toEqual(['GenerateSignature']);
  });
});

describe('the run collector on a test a 429 stopped', () => {
  it('records a test stopped after a throttled call as not tested, with no test_aborted', () => {
    const { tests, findings, throttled } = collected(
      stoppedTest(2, 'CreateKey: user-action signing failed at init: 429 too many requests'),
    );
    expect([tests.map((t) => [t.state, t.note]), findings, throttled]).toEqual([
      [['skipped', 'not tested: the target still answered 429 (Retry-After) after the retries']],
      [],
      2,
    ]);
  });

  it('records a test stopped by a throttled call made for it elsewhere as not tested', () => {
    const { tests } = collected(
      stoppedTest(
        0,
        'throttled: CreateKey ECDSA/stark: the target still answered 429 (Retry-After) after the retries',
      ),
    );
    expect(tests.map((t) => t.state)).toEqual(['skipped']);
  });

  it('still files test_aborted for a test that stopped on anything else', () => {
    const { tests, findings } = collected(stoppedTest(0, 'CreateKey ECDSA/stark: no key came back (500)'));
    expect([tests.map((t) => t.state), findings.map((f) => f.checkId)]).toEqual([
      ['failed'],
      ['test_aborted'],
    ]);
  });
});

describe('the run collector on a test that ran out of time', () => {
  const TIMEOUT =
    'Test timed out in 120000ms.\nIf this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".';

  it('records it as not tested, counted, with no test_aborted', () => {
    const { tests, findings, timedOut } = collected(stoppedTest(0, TIMEOUT));
    expect([tests.map((t) => [t.state, t.note]), findings, timedOut]).toEqual([
      [['skipped', 'not tested: the test did not finish within the test timeout (--test-timeout)']],
      [],
      1,
    ]);
  });

  it('keeps the findings a test made before it ran out of time, as a failed test', () => {
    const finding = { checkId: 'not_a_server_error', severity: 'high', message: '500' } as const;
    const { tests, findings, timedOut } = collected(
      abortedTest('CreateKey: fuzzed valid bodies are accepted', [], TIMEOUT, 0, [finding]),
    );
    expect([tests.map((t) => t.state), findings.map((f) => f.checkId), timedOut]).toEqual([
      ['failed'],
      ['not_a_server_error'],
      0,
    ]);
  });
});

describe('the run collector on a test that skipped itself', () => {
  /** The part of vitest's TestCase the collector reads: a ListKeys walk skipped with `note`. */
  function skippedTest(note: string): TestCase {
    const meta: TestMeta = {
      findings: [],
      droppedFindings: 0,
      tallies: [],
      operationIds: ['ListKeys'],
      throttled: 0,
    };
    const fake = {
      name: 'ListKeys: walking pages with limit=1 returns every key once and ends without nextPageToken',
      fullName: 'ListKeys: walking pages with limit=1 returns every key once and ends without nextPageToken',
      module: { moduleId: `${ROOT}/suites/contract/keys.test.ts` },
      meta: () => ({ keysConformance: meta }),
      result: () => ({ state: 'skipped', note }),
      diagnostic: () => ({ duration: 3 }),
    };
    return fake as unknown as TestCase;
  }

  it('ListKeys: hands the verdict the note of a walk that stopped before the end (not tested)', () => {
    const note = 'not tested: the walk stopped after 3 pages (maxListPages) before the end of the list';
    const { tests, notTested } = collected(skippedTest(note));
    expect([tests.map((t) => [t.state, t.note]), notTested]).toEqual([[['skipped', note]], [note]]);
  });

  it('ListKeys: keeps a not-applicable skip from the verdict', () => {
    const { tests, notTested } = collected(skippedTest('not applicable: profile dfns disables pagination'));
    expect([tests.map((t) => t.state), notTested]).toEqual([['not-applicable'], []]);
  });
});

describe('the files of a run', () => {
  it('counts the suite files vitest was to run and those that reported tests', () => {
    const collector = createCollector(ROOT, () => undefined);
    const spec = (file: string) => ({ moduleId: `${ROOT}/suites/${file}` }) as unknown as TestSpecification;
    collector.reporter.onTestRunStart?.([spec('a.test.ts'), spec('a.test.ts'), spec('b.test.ts')]);
    collector.reporter.onTestCaseResult?.(stoppedTest(0, 'boom'));
    expect(collector.collected().files).toEqual({ planned: 2, reported: 1 });
  });
});

describe('fileProgressLine', () => {
  const F = 'suites/crypto/signatures.test.ts';
  const tests = (...states: TestState[]) => states.map((state) => ({ state }));

  it('marks a file with a passed test and no failure ✓', () => {
    expect(fileProgressLine(F, tests('passed', 'not-applicable'))).toBe(
      `  ✓ ${F}  1 passed · 1 not applicable`,
    );
  });

  it('marks a file with a failed test ✗', () => {
    expect(fileProgressLine(F, tests('passed', 'failed'))).toBe(`  ✗ ${F}  1 passed · 1 failed`);
  });

  it('marks a file an interrupted run skipped whole –, not ✓, and counts what it skipped', () => {
    expect(fileProgressLine(F, tests('skipped', 'skipped'))).toBe(`  – ${F}  0 passed · 2 skipped`);
  });
});
