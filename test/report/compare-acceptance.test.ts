// Issue 7 acceptance, end to end over real runs of the embedded reference: `compare` reports exactly the
// findings of switched-on faults as new (and, reversed, as fixed); `run --baseline` of the faulty run
// passes against the same faults and fails once a third fault is added.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../../src/report/compare.ts';
import { compareCommand } from '../../src/report/compare-command.ts';
import { readFindingsReport } from '../../src/report/findings-file.ts';
import type { RunReport } from '../../src/report/run-report.ts';
import { cli, referencePresent } from './cli.ts';

if (!referencePresent)
  console.warn('compare-acceptance: skipped, the embedded reference (reference/index.ts) is absent');

/** The faults, and the check and operation each one shows up in (see reference/faults.ts). */
const TWO_FAULTS = [
  { fault: 'create-key-201', checkId: 'status_code_documented', operationId: 'CreateKey' },
  { fault: 'get-key-text-plain', checkId: 'content_type_conformance', operationId: 'GetKey' },
] as const;
const THIRD_FAULT = { fault: 'error-body-top-level-message', checkId: 'error_body_conformance' } as const;

// One suite and one seed: the runs differ in the reference's faults and nothing else.
const RUN = ['run', '--suite', 'contract', '--seed', '7', '--workers', '2'];
const faultFlags = (...faults: string[]): string[] => faults.flatMap((f) => ['--reference-fault', f]);

const work = mkdtempSync(join(tmpdir(), 'keys-conformance-acceptance-'));
const dir = (name: string): string => join(work, name);
let clean: RunReport;
let faulty: RunReport;
const exitCodes: Record<string, number | null> = {};

beforeAll(async () => {
  if (!referencePresent) return;
  const [a, b] = await Promise.all([
    cli([...RUN, '--reports', dir('clean')]),
    cli([...RUN, '--reports', dir('faulty'), ...faultFlags(...TWO_FAULTS.map((f) => f.fault))]),
  ]);
  // 0 or 1 both mean the run happened; 2 means it did not, and nothing below would be evidence.
  if (a === 2 || b === 2 || a === null || b === null)
    throw new Error(`a reference run failed (exit ${a}, ${b})`);
  clean = readFindingsReport(dir('clean'));
  faulty = readFindingsReport(dir('faulty'));
  const baseline = ['--baseline', dir('faulty')];
  const [same, more] = await Promise.all([
    cli([...RUN, '--reports', dir('same'), ...baseline, ...faultFlags(...TWO_FAULTS.map((f) => f.fault))]),
    cli([
      ...RUN,
      '--reports',
      dir('more'),
      ...baseline,
      ...faultFlags(...TWO_FAULTS.map((f) => f.fault), THIRD_FAULT.fault),
    ]),
  ]);
  exitCodes.same = same;
  exitCodes.more = more;
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!referencePresent)('compare over real runs of the reference', () => {
  it('reports as new exactly the findings the two faults cause', () => {
    const c = compare(clean, faulty);
    const fresh = c.groups.flatMap((g) => g.findings).filter((f) => f.status === 'new');
    expect(fresh.map((f) => [f.operationId, f.checkId]).sort()).toEqual(
      TWO_FAULTS.map((f) => [f.operationId, f.checkId]).sort(),
    );
    expect(c.counts.fixed).toBe(0);
    expect(c.counts.unconfirmed).toEqual({ new: 0, fixed: 0 });
    expect(c.contextChanges).toEqual([]);
  });

  it('reports the same findings as fixed the other way round', () => {
    const forward = compare(clean, faulty)
      .groups.flatMap((g) => g.findings)
      .filter((f) => f.status === 'new');
    const backward = compare(faulty, clean).groups.flatMap((g) => g.findings);
    expect(
      backward
        .filter((f) => f.status === 'fixed')
        .map((f) => f.fingerprint)
        .sort(),
    ).toEqual(forward.map((f) => f.fingerprint).sort());
    expect(backward.filter((f) => f.status === 'new')).toEqual([]);
  });

  it.each([
    ['clean → faulty', 'clean', 'faulty', 1],
    ['faulty → clean', 'faulty', 'clean', 0],
  ])('`compare --fail-on new` %s exits %i', async (_name, base, next, code) => {
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    expect(await compareCommand([dir(base), dir(next), '--fail-on', 'new'], quiet)).toBe(code);
  });
});

describe.skipIf(!referencePresent)('run --baseline of the faulty run', () => {
  it('exits 0 against the same faults: every finding is known', () => {
    expect(exitCodes.same).toBe(0);
    expect(readFindingsReport(dir('same')).counts.findings.new).toBe(0);
  });

  it('exits 1 once a third fault is added, and only its findings are new', () => {
    expect(exitCodes.more).toBe(1);
    const fresh = readFindingsReport(dir('more')).findings.filter((f) => f.baseline === 'new');
    expect(fresh.length).toBeGreaterThan(0);
    expect(new Set(fresh.map((f) => f.checkId))).toEqual(new Set([THIRD_FAULT.checkId]));
  });
});
