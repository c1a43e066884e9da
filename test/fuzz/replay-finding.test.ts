import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/report/finding.ts';
import { fingerprint } from '../../src/report/fingerprint.ts';
import { dedupeFindings, type RunReport } from '../../src/report/run-report.ts';
import { loadReplayFinding } from '../../src/run/replay-finding.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

/** `keys-conformance replay` finds the finding a user names, and says clearly when it cannot. */

const FUZZED: Finding = {
  checkId: 'not_a_server_error',
  severity: 'high',
  operationId: 'CreateKey',
  message: 'answered 500',
  replay: {
    seed: 3,
    path: '4:1',
    input: { kind: 'request', operationId: 'CreateKey', expect: 'accepted', description: 'd' },
  },
};
const OTHER_FUZZED: Finding = {
  ...FUZZED,
  operationId: 'UpdateKey',
  replay: { ...FUZZED.replay!, path: '9' },
};
const FIXED: Finding = {
  checkId: 'use_after_delete',
  severity: 'critical',
  message: 'signed',
  test: {
    file: 'suites/crypto/lifecycle.test.ts',
    name: "DeleteKey: a deleted key's signing (x) is refused",
  },
};

function report(findings: readonly Finding[]): RunReport {
  return {
    format: 'keys-conformance/findings@1',
    tool: { name: 'keys-conformance', version: '0.1.0' },
    run: {
      id: 'r',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      target: 'http://127.0.0.1:1',
      embeddedReference: true,
      contract: { source: 'openapi.yaml', version: '1' },
      profile: 'full',
      suites: ['fuzz'],
    },
    verdict: 'nonconformant',
    reason: 'r',
    counts: {
      tests: { passed: 0, failed: 1, 'not-applicable': 0, skipped: 0 },
      findings: {
        total: findings.length,
        new: findings.length,
        known: 0,
        bySeverity: { critical: 0, high: findings.length, medium: 0, low: 0 },
      },
    },
    findings: dedupeFindings(findings),
    tests: [],
    checks: [],
    unexercised: [],
  };
}

let dir: string;
const write = (name: string, data: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
};

beforeAll(() => {
  dir = scratchDir('kc-replay-finding-');
  mkdirSync(join(dir, 'run'));
  write('run/findings.json', report([FUZZED, OTHER_FUZZED, FIXED]));
  write('one.json', report([FUZZED, FIXED]));
  write('finding.json', FUZZED);
});

describe('loadReplayFinding', () => {
  it.each([
    [
      'FILE#FINGERPRINT',
      () => `${join(dir, 'run', 'findings.json')}#${fingerprint(OTHER_FUZZED)}`,
      OTHER_FUZZED,
    ],
    ['RUN_DIR#FINGERPRINT', () => `${join(dir, 'run')}#${fingerprint(FUZZED)}`, FUZZED],
    ['a findings.json with one replayable finding', () => join(dir, 'one.json'), FUZZED],
    ['a file holding one finding', () => join(dir, 'finding.json'), FUZZED],
  ])('reads %s', (_what, reference, expected) => {
    const found = loadReplayFinding(reference());
    expect(found.replay).toEqual(expected.replay);
    expect(found.operationId).toBe(expected.operationId);
    expect(found.fingerprint).toBe(fingerprint(expected));
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.json'), /nope\.json: cannot read \(ENOENT\)$/],
    [
      'a malformed fingerprint',
      () => `${join(dir, 'run')}#xyz`,
      /^"xyz" is not a fingerprint \(16 hex digits/,
    ],
    [
      'an unknown fingerprint',
      () => `${join(dir, 'run')}#0123456789abcdef`,
      /no finding with fingerprint 0123456789abcdef$/,
    ],
    [
      'a finding of a fixed test',
      () => `${join(dir, 'run')}#${fingerprint(FIXED)}`,
      /came from a fixed test, not a generated input; rerun its test instead: keys-conformance run --suite crypto\/lifecycle --grep 'DeleteKey: a deleted key'\\''s signing \\\(x\\\) is refused'$/,
    ],
    [
      'a run with several replayable findings and no fingerprint',
      () => join(dir, 'run'),
      /holds 2 replayable findings; name one as FILE#FINGERPRINT \(e\.g\. /,
    ],
    ['a file that is not JSON', () => write('text.json', 'not json'), /text\.json: not JSON$/],
    [
      'a finding without a replay input',
      () => write('fixed.json', FIXED),
      /the finding has no replay input; only findings of the fuzz and stateful suites can be replayed$/,
    ],
    [
      'a finding whose replay is null',
      () => write('null-replay.json', { ...FUZZED, replay: null }),
      /the finding has no replay input; only findings of the fuzz and stateful suites can be replayed$/,
    ],
    [
      'a finding of a check this version does not run',
      () => write('bogus-check.json', { ...FUZZED, checkId: 'bogus_check' }),
      /the finding's check "bogus_check" is not one this version of keys-conformance runs$/,
    ],
    [
      'something that is no finding',
      () => write('other.json', { hello: 1 }),
      /not a finding \(expected an object with checkId and message, or a findings\.json\)$/,
    ],
  ])('refuses %s with a one-line reason', (_what, reference, message) => {
    expect(() => loadReplayFinding(reference())).toThrow(message);
  });
});
