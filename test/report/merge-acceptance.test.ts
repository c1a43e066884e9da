// Sharding end to end: `run --shard 1/2` and `2/2` against the reference, merged, are the same run as an
// unsharded one — same tests, same findings — and one Allure report covers both shards.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../../src/report/compare.ts';
import { readFindingsReport } from '../../src/report/findings-file.ts';
import { reportCommand } from '../../src/report/report-command.ts';
import type { RunReport } from '../../src/report/run-report.ts';
import { cli, referencePresent } from './cli.ts';

if (!referencePresent)
  console.warn('merge-acceptance: skipped, the embedded reference (reference/index.ts) is absent');

// A fault, so that the shards have findings to merge.
const RUN = [
  'run',
  '--suite',
  'contract',
  '--seed',
  '7',
  '--workers',
  '2',
  '--reference-fault',
  'create-key-201',
];

const work = mkdtempSync(join(tmpdir(), 'keys-conformance-shards-'));
const dir = (name: string): string => join(work, name);
let whole: RunReport;
let merged: RunReport;
const exitCodes: Record<string, number | null> = {};

beforeAll(async () => {
  if (!referencePresent) return;
  const [all, one, two] = await Promise.all([
    cli([...RUN, '--reports', dir('whole')]),
    cli([...RUN, '--shard', '1/2', '--reports', dir('shard-1')]),
    cli([...RUN, '--shard', '2/2', '--reports', dir('shard-2')]),
  ]);
  if ([all, one, two].some((code) => code !== 0 && code !== 1)) {
    throw new Error(`a reference run failed (exit ${all}, ${one}, ${two})`);
  }
  exitCodes.whole = all;
  exitCodes.merge = await cli(['merge', dir('shard-1'), dir('shard-2'), '--output', dir('merged')]);
  whole = readFindingsReport(dir('whole'));
  merged = readFindingsReport(dir('merged'));
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const testKeys = (r: RunReport): string[] => r.tests.map((t) => `${t.file}\u0000${t.name}`).sort();

describe.skipIf(!referencePresent)('two shards merged', () => {
  it('ran every test of the unsharded run, each once', () => {
    expect(testKeys(merged)).toEqual(testKeys(whole));
  });

  it('holds the findings of the unsharded run: compare sees nothing new, nothing fixed, nothing else different', () => {
    const c = compare(whole, merged);
    expect(c.counts).toMatchObject({ new: 0, fixed: 0, stillFailing: whole.findings.length });
    expect(c.contextChanges).toEqual([]);
    expect(whole.findings.length).toBeGreaterThan(0);
  });

  it('counts occurrences as the unsharded run does', () => {
    const occurrences = (r: RunReport) =>
      Object.fromEntries(r.findings.map((f) => [f.fingerprint, f.occurrences]));
    expect(occurrences(merged)).toEqual(occurrences(whole));
  });

  it('exits as the unsharded run does', () => {
    expect(exitCodes.merge).toBe(exitCodes.whole);
  });

  it('gives one Allure report over both shards', async () => {
    let stdout = '';
    const code = await reportCommand(['--reports', dir('merged')], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      env: {},
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Allure report: ${whole.tests.length} tests — `));
    expect(readdirSync(join(dir('merged'), 'allure-report'))).toContain('index.html');
  });
});
