// Synthetic runs built with the real model: findings go through dedupeFindings (real fingerprints), the
// counts through the real counters, and every report is checked against docs/findings.schema.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/report/finding.ts';
import { findingsReportProblem } from '../../src/report/findings-file.ts';
import {
  countBySeverity,
  countTests,
  dedupeFindings,
  type CheckTally,
  type RunInfo,
  type RunReport,
  type TestRecord,
  type Verdict,
} from '../../src/report/run-report.ts';

/** Findings of known faults: what a suite would report against a faulty target. */
export const FAULTS = {
  highS: {
    checkId: 'signature_low_s',
    severity: 'critical',
    operationId: 'GenerateSignature',
    pointer: '#/components/schemas/Signature/properties/s',
    subject: 'ECDSA/secp256k1',
    message: 'the signature has a high S (not canonical)',
    curl: 'curl -X POST "$KEYS_API_URL/keys/key-1/signatures" -H "Authorization: Bearer $KEYS_API_TOKEN"',
    test: {
      file: 'suites/crypto/signatures.test.ts',
      name: 'GenerateSignature: returns a low-S ECDSA signature',
    },
  },
  wrongStatus: {
    checkId: 'status_code_conformance',
    severity: 'high',
    operationId: 'CreateKey',
    pointer: '#/paths/~1keys/post/responses',
    message: 'CreateKey answered 200, the contract documents 201',
    test: { file: 'suites/contract/keys.test.ts', name: 'CreateKey: creates a key' },
  },
  schema: {
    checkId: 'response_schema_conformance',
    severity: 'high',
    operationId: 'GetKey',
    pointer: '#/components/schemas/Key/properties/publicKey/pattern',
    message: 'publicKey does not match the pattern',
    test: { file: 'suites/contract/keys.test.ts', name: 'GetKey: returns the key' },
  },
  schemaOnList: {
    checkId: 'response_schema_conformance',
    severity: 'high',
    operationId: 'ListKeys',
    pointer: '#/components/schemas/Key/properties/publicKey/pattern',
    message: 'publicKey does not match the pattern',
    test: { file: 'suites/contract/keys.test.ts', name: 'ListKeys: lists the keys' },
  },
  header: {
    checkId: 'undocumented_header',
    severity: 'low',
    operationId: 'GetKey',
    message: 'x-powered-by is not documented',
    test: { file: 'suites/contract/keys.test.ts', name: 'GetKey: returns the key' },
  },
  fuzzed: {
    checkId: 'server_error',
    severity: 'high',
    operationId: 'CreateKey',
    pointer: '#/paths/~1keys/post/responses',
    message: 'CreateKey answered 500',
    test: { file: 'suites/fuzz/keys.test.ts', name: 'CreateKey: valid bodies never get a 5xx' },
    replay: { seed: 42, path: '3:1', input: { scheme: 'ECDSA', curve: 'secp256k1', name: '' } },
  },
} as const satisfies Record<string, Finding>;

/** The tests a full run of the synthetic suites runs. */
export const ALL_TESTS: readonly string[] = [
  ...new Set(Object.values(FAULTS).map((f) => `${f.test.file}\u0000${f.test.name}`)),
];

export interface RunSpec {
  readonly findings?: readonly Finding[];
  /** Fingerprints the run's baseline knows. */
  readonly known?: ReadonlySet<string>;
  /** Tests that ran (file\0name); default ALL_TESTS. */
  readonly tests?: readonly string[];
  readonly notApplicable?: readonly string[];
  readonly run?: Partial<RunInfo>;
  readonly toolVersion?: string;
  readonly verdict?: Verdict;
  readonly reason?: string;
  readonly unexercised?: readonly string[];
  readonly tallies?: readonly CheckTally[];
}

let runs = 0;

/** A findings.json a run could have written; each call is another run (another id). */
export function runReport(spec: RunSpec = {}): RunReport {
  runs += 1;
  const findings = dedupeFindings(spec.findings ?? [], spec.known);
  const failing = new Set(
    findings.flatMap((f) => (f.test === undefined ? [] : [`${f.test.file}\u0000${f.test.name}`])),
  );
  const notApplicable = new Set(spec.notApplicable ?? []);
  const tests: TestRecord[] = (spec.tests ?? ALL_TESTS).map((key) => {
    const [file, name] = key.split('\u0000') as [string, string];
    const state = notApplicable.has(key) ? 'not-applicable' : failing.has(key) ? 'failed' : 'passed';
    return {
      file,
      name,
      operationIds: [name.split(':')[0]!],
      state,
      ...(state === 'not-applicable' ? { note: 'not applicable: the profile disables it' } : {}),
      durationMs: 5,
      findings: findings.filter((f) => f.test?.file === file && f.test.name === name).length,
    };
  });
  const fresh = findings.filter((f) => f.baseline === 'new').length;
  const counts = countTests(tests);
  const report: RunReport = {
    format: 'keys-conformance/findings@1',
    tool: { name: 'keys-conformance', version: spec.toolVersion ?? '0.1.0' },
    run: {
      id: `20260101t000000z-${runs.toString(16).padStart(4, '0')}`,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      target: 'http://127.0.0.1:41000',
      embeddedReference: true,
      contract: { source: 'openapi.yaml', version: '1.807.0' },
      profile: 'full',
      suites: ['all'],
      ...spec.run,
    },
    verdict: spec.verdict ?? (fresh > 0 ? 'nonconformant' : 'conformant'),
    reason: spec.reason ?? (fresh > 0 ? `${fresh} findings` : `${counts.passed} tests passed`),
    counts: {
      tests: counts,
      findings: {
        total: findings.length,
        new: fresh,
        known: findings.length - fresh,
        bySeverity: countBySeverity(findings),
      },
    },
    findings,
    tests,
    checks: [...(spec.tallies ?? [])],
    unexercised: [...(spec.unexercised ?? [])],
  };
  const problem = findingsReportProblem(report);
  if (problem !== undefined) throw new Error(`test fixture is not a valid findings.json: ${problem}`);
  return report;
}

/** Writes a run directory (findings.json, and what else is given) and returns its path. */
export function writeRunDir(
  parent: string,
  name: string,
  report: RunReport,
  extra: Readonly<Record<string, string>> = {},
): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'findings.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const [file, text] of Object.entries(extra)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

export function testKey(finding: {
  readonly test: { readonly file: string; readonly name: string };
}): string {
  return `${finding.test.file}\u0000${finding.test.name}`;
}
