import { describe, expect, it } from 'vitest';
import { FAULTS, type FaultSpec } from '../../reference/faults.ts';
import type { ReportedFinding } from '../../src/report/run-report.ts';
import { RUN_DEFAULTS } from '../../src/run/run-settings.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * The fuzzer held to the fault catalogue, as a user runs it: every validation fault is found by
 * `run --suite fuzz` within the default budget; the two faults only a fuzzer finds are found, shrunk to
 * their minimal form, and `keys-conformance replay` of the finding says "still fails" against the faulty
 * reference and "no longer fails" against the clean one; the clean reference gives no finding.
 *
 * The seed is pinned so CI is reproducible (test/fuzz/ sweeps several seeds in-process). Each run fuzzes,
 * at the default budget, the operation the fault lives in (the catalogue's `operationIds`, as `--grep`):
 * the budget is per operation, so this is what a whole fuzz run spends there, without the rest.
 * The clean reference at the default budget is the full run of run-outcomes.test.ts (fuzz and stateful
 * included); at 10x the default budget it takes minutes, so it runs when KC_META_10X=1
 * (`npm run test:fuzz-10x`; see suites/fuzz/README.md for its result).
 */
const SEED = '1';
const RUN_TIMEOUT = 300_000;

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

const lastLine = (result: CliResult): string => result.stdout.trim().split('\n').at(-1) ?? '';

function findingOf(result: CliResult, checkId: string, operationId: string): ReportedFinding | undefined {
  return result.report?.findings.find((f) => f.checkId === checkId && f.operationId === operationId);
}

const validation = FAULTS.filter((f) => f.category === 'validation');

/** `--grep` for the operations a fault lives in: their tests are titled `<operationId>: …`. */
function scope(fault: FaultSpec): string[] {
  const ops = fault.operationIds ?? [];
  return ops.length === 0 ? [] : ['--grep', `^(${ops.join('|')}):`];
}

function faultById(id: string): FaultSpec {
  const fault = FAULTS.find((f) => f.id === id);
  if (fault === undefined) throw new Error(`no fault ${id} in the catalogue`);
  return fault;
}

describe.concurrent('run --suite fuzz against the faulty reference', () => {
  it.for(validation.map((f) => [f.id, f] as const))(
    '%s: exits 1 with a finding from the check it breaks',
    { timeout: RUN_TIMEOUT },
    async ([id, fault]) => {
      const result = await runCli(
        ['run', '--suite', 'fuzz', ...scope(fault), '--seed', SEED, '--reference-fault', id],
        { timeoutMs: RUN_TIMEOUT },
      );
      expect(result.code, `exit code; last output: ${lastLine(result)}`).toBe(1);
      const found = [...new Set(result.report?.findings.map((f) => f.checkId))];
      expect(
        fault.detectedBy.filter((check) => found.includes(check)),
        `findings came from ${found.join(', ') || 'no check'}; ${id} must be caught by ${fault.detectedBy.join(' or ')}`,
      ).not.toEqual([]);
      expect(result.report?.findings.every((f) => f.replay !== undefined)).toBe(true);
    },
  );
});

interface FuzzOnlyCase {
  readonly fault: string;
  readonly suite: string;
  readonly checkId: string;
  readonly operationId: string;
  readonly minimal: (finding: ReportedFinding) => void;
}

const CASES: readonly FuzzOnlyCase[] = [
  {
    fault: 'create-key-zwj-name-500',
    suite: 'fuzz',
    checkId: 'not_a_server_error',
    operationId: 'CreateKey',
    minimal: (finding) => {
      const input = finding.replay?.input as {
        kind: string;
        operationId: string;
        body: { json: Record<string, unknown> };
      };
      expect(input.kind).toBe('request');
      expect(input.operationId).toBe('CreateKey');
      expect(Object.keys(input.body.json).sort()).toEqual(['curve', 'name', 'scheme']);
      const name = String(input.body.json.name);
      expect(Array.from(name)).toHaveLength(100);
      expect(name.split('\u200d')).toHaveLength(2);
    },
  },
  {
    fault: 'signs-after-rename-and-delete',
    suite: 'stateful',
    checkId: 'use_after_delete',
    operationId: 'GenerateSignature',
    minimal: (finding) => {
      const input = finding.replay?.input as { kind: string; steps: { op: string; key?: number }[] };
      expect(input.kind).toBe('lifecycle');
      expect(input.steps.map((s) => s.op)).toEqual([
        expect.stringMatching(/^(CreateKey|ImportKey)$/),
        'UpdateKey',
        'DeleteKey',
        'GenerateSignature',
      ]);
      expect(input.steps.slice(1).map((s) => s.key)).toEqual([0, 0, 0]);
      expect(finding.evidence?.steps).toHaveLength(4);
    },
  },
];

describe.concurrent.each(CASES)('$fault, a fault only a fuzzer finds', (c) => {
  const faulty = once(() =>
    runCli(
      ['run', '--suite', c.suite, ...scope(faultById(c.fault)), '--seed', SEED, '--reference-fault', c.fault],
      {
        timeoutMs: RUN_TIMEOUT,
      },
    ),
  );
  const reference = async (): Promise<string> => {
    const result = await faulty();
    const finding = findingOf(result, c.checkId, c.operationId);
    if (finding === undefined)
      throw new Error(`no ${c.checkId} finding on ${c.operationId}; ${lastLine(result)}`);
    return `${result.reportsDir}#${finding.fingerprint}`;
  };

  it(
    `run --suite ${c.suite} exits 1 with a ${c.checkId} finding, shrunk to its minimal form`,
    { timeout: RUN_TIMEOUT },
    async () => {
      const result = await faulty();
      expect(result.code, `exit code; last output: ${lastLine(result)}`).toBe(1);
      const finding = findingOf(result, c.checkId, c.operationId);
      expect(
        finding,
        `findings: ${result.report?.findings.map((f) => f.checkId).join(', ') ?? 'none'}`,
      ).toBeDefined();
      if (finding !== undefined) c.minimal(finding);
    },
  );

  it('replay says "still fails" against the faulty reference', { timeout: RUN_TIMEOUT }, async () => {
    const result = await runCli(['replay', await reference(), '--reference-fault', c.fault]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`^still fails: \\[\\w+\\] ${c.checkId} ${c.operationId}: `, 'm'),
    );
  });

  it('replay says "no longer fails" against the clean reference', { timeout: RUN_TIMEOUT }, async () => {
    const result = await runCli(['replay', await reference()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^no longer fails: /m);
  });
});

describe('the clean reference', () => {
  it.skipIf(process.env.KC_META_10X !== '1')(
    'run --suite fuzz,stateful exits 0 at 10x the default budget (KC_META_10X=1)',
    { timeout: 3_600_000 },
    async () => {
      const runs = String(RUN_DEFAULTS.runs * 10);
      // A time budget that lets every property judge all its inputs: 10x means 10x, not "until 60 s".
      const result = await runCli(
        ['run', '--suite', 'fuzz,stateful', '--seed', SEED, '--runs', runs, '--time-budget', '20m'],
        {
          timeoutMs: 3_500_000,
        },
      );
      expect(result.code, `exit code; last output: ${lastLine(result)}`).toBe(0);
      expect(result.report?.findings).toEqual([]);
    },
  );
});
