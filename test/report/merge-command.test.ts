import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readFindingsReport } from '../../src/report/findings-file.ts';
import { mergeCommand } from '../../src/report/merge-command.ts';
import { ALL_TESTS, FAULTS, runReport, writeRunDir, type RunSpec } from './run-reports.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const root = mkdtempSync(join(tmpdir(), 'keys-conformance-merge-'));
let dir = '';

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

beforeEach((context) => {
  dir = join(root, context.task.id);
  mkdirSync(dir, { recursive: true });
});

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await mergeCommand(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
  });
  return { code, stdout, stderr };
}

const junit = (file: string, tests: number, failures: number): string =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites name="keys-conformance" tests="${tests}" failures="${failures}" errors="0" time="1">\n    <testsuite name="${file}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="1">\n    </testsuite>\n</testsuites>\n`;

/** A shard's run directory as `run --shard i/n` leaves it. */
function shardDir(
  i: number,
  n: number,
  spec: RunSpec = {},
  files: { junit?: boolean; allure?: string[] } = {},
): string {
  const path = join(dir, `shard-${i}`);
  const tests = ALL_TESTS.filter((_k, index) => index % n === i - 1);
  const report = runReport({ tests, ...spec, run: { shard: `${i}/${n}`, ...spec.run } });
  mkdirSync(join(path, 'allure-results'), { recursive: true });
  writeFileSync(join(path, 'findings.json'), JSON.stringify(report));
  if (files.junit !== false)
    writeFileSync(
      join(path, 'junit.xml'),
      junit(`suites/shard-${i}.test.ts`, tests.length, report.counts.tests.failed),
    );
  for (const name of files.allure ?? [`${i}0000000-0000-4000-8000-000000000000-result.json`]) {
    writeFileSync(join(path, 'allure-results', name), `{"shard":${i}}`);
  }
  writeFileSync(join(path, 'allure-results', 'environment.properties'), 'os=linux\n');
  return path;
}

describe('keys-conformance merge: the merged reports', () => {
  it('writes findings.json, summary.md, junit.xml and allure-results/ for the whole run', async () => {
    const out = join(dir, 'merged');
    const r = await run([shardDir(1, 2), shardDir(2, 2, { findings: [FAULTS.highS] }), '--output', out]);
    expect(r.stderr).toBe('');
    const report = readFindingsReport(out); // schema-checked
    expect(report.tests).toHaveLength(ALL_TESTS.length);
    expect(report.findings.map((f) => f.checkId)).toEqual(['signature_low_s']);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/^# keys-conformance: NONCONFORMANT/);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain(`tests="${ALL_TESTS.length}"`);
    expect(readdirSync(join(out, 'allure-results')).sort()).toEqual([
      '10000000-0000-4000-8000-000000000000-result.json',
      '20000000-0000-4000-8000-000000000000-result.json',
      'environment.properties',
    ]);
  });

  it('prints the merged verdict in one line', async () => {
    const out = join(dir, 'merged');
    const r = await run([shardDir(1, 2), shardDir(2, 2), '--output', out]);
    expect(r.stdout).toBe(
      `CONFORMANT: ${ALL_TESTS.length} tests passed, 0 not applicable (merged from 2 parts) — ${join(out, 'summary.md')}\n`,
    );
  });

  it.each([
    ['conformant', {}, 0],
    ['nonconformant', { findings: [FAULTS.highS] }, 1],
    ['run-failed', { verdict: 'run-failed', reason: 'target unreachable' }, 2],
  ] as const)('exits as `run` does for a %s merge (%i)', async (_verdict, spec, code) => {
    const r = await run([shardDir(1, 2), shardDir(2, 2, spec), '--output', join(dir, 'merged')]);
    expect(r.code).toBe(code);
  });

  it('exits 2 when a shard is missing', async () => {
    const r = await run([shardDir(1, 3), shardDir(3, 3), '--output', join(dir, 'merged')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^RUN FAILED: shard 2\/3 missing/);
  });

  it('appends the summary to the GitHub job summary', async () => {
    const stepSummary = join(dir, 'step-summary.md');
    writeFileSync(stepSummary, 'earlier step\n');
    await run([shardDir(1, 2), shardDir(2, 2), '--output', join(dir, 'merged')], {
      GITHUB_STEP_SUMMARY: stepSummary,
    });
    expect(readFileSync(stepSummary, 'utf8')).toMatch(/^earlier step\n# keys-conformance: CONFORMANT/);
  });

  it('accepts findings.json files as well as run directories', async () => {
    const out = join(dir, 'merged');
    const r = await run([join(shardDir(1, 2), 'findings.json'), shardDir(2, 2), '--output', out]);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'allure-results', '10000000-0000-4000-8000-000000000000-result.json'))).toBe(
      true,
    );
  });

  it('replaces the allure results of an earlier merge instead of mixing them in', async () => {
    const out = join(dir, 'merged');
    mkdirSync(join(out, 'allure-results'), { recursive: true });
    writeFileSync(join(out, 'allure-results', 'stale-result.json'), '{}');
    writeFileSync(join(out, 'keep-me.txt'), 'not ours');
    await run([shardDir(1, 2), shardDir(2, 2), '--output', out]);
    expect(existsSync(join(out, 'allure-results', 'stale-result.json'))).toBe(false);
    expect(existsSync(join(out, 'keep-me.txt'))).toBe(true);
  });

  it('merges what is there and says which shard had no junit.xml or allure-results/', async () => {
    const out = join(dir, 'merged');
    const two = shardDir(2, 2, {}, { junit: false });
    rmSync(join(two, 'allure-results'), { recursive: true });
    const r = await run([shardDir(1, 2), two, '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `keys-conformance merge: no junit.xml in ${two}\nkeys-conformance merge: no allure-results/ in ${two}\n`,
    );
    expect(existsSync(join(out, 'junit.xml'))).toBe(true);
  });

  it('leaves an earlier merge as it was when the allure results clash', async () => {
    const out = join(dir, 'merged');
    await run([shardDir(1, 2), shardDir(2, 2), '--output', out]);
    const before = readFileSync(join(out, 'findings.json'), 'utf8');
    const same = ['00000000-0000-4000-8000-000000000000-result.json'];
    const r = await run([
      shardDir(1, 2, {}, { allure: same }),
      shardDir(2, 2, {}, { allure: same }),
      '--output',
      out,
    ]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(out, 'findings.json'), 'utf8')).toBe(before);
    expect(readdirSync(join(out, 'allure-results'))).toContain(
      '10000000-0000-4000-8000-000000000000-result.json',
    );
  });
});

describe('keys-conformance merge: bad input exits 2 with one line on stderr', () => {
  it.each([
    ['no input', () => ['--output', join(dir, 'out')], 'expected one or more run directories to merge'],
    ['no --output', () => [shardDir(1, 1)], '--output DIR is required'],
    ['an unknown option', () => [shardDir(1, 1), '--output', 'x', '--force'], "unknown option '--force'"],
    [
      'a directory that is not a run',
      () => [dir, '--output', join(dir, 'out')],
      `${join(dir, 'findings.json')}: cannot read (ENOENT)`,
    ],
    [
      '--output that is an input',
      () => [shardDir(1, 2), shardDir(2, 2), '--output', join(dir, 'shard-2')],
      'is one of the inputs',
    ],
    [
      '--output that is a link to an input',
      () => {
        const link = join(dir, 'link-to-shard-2');
        if (!existsSync(link)) symlinkSync(shardDir(2, 2), link);
        return [shardDir(1, 2), shardDir(2, 2), '--output', link];
      },
      'is one of the inputs',
    ],
    [
      'a shard twice',
      () => {
        const copy = join(dir, 'copy-of-shard-1');
        cpSync(shardDir(1, 2), copy, { recursive: true });
        return [shardDir(1, 2), copy, '--output', join(dir, 'out')];
      },
      'are both shard 1/2',
    ],
    [
      'a run directory twice',
      () => {
        const whole = writeRunDir(dir, 'whole', runReport());
        return [whole, whole, '--output', join(dir, 'out')];
      },
      'are the same run directory: give each part once',
    ],
    [
      'a run directory twice, spelled two ways',
      () => {
        const whole = writeRunDir(dir, 'whole', runReport());
        return [whole, `${whole}/./findings.json`, '--output', join(dir, 'out')];
      },
      'are the same run directory: give each part once',
    ],
    [
      'allure results that clash',
      () => {
        const same = ['00000000-0000-4000-8000-000000000000-result.json'];
        const one = shardDir(1, 2, {}, { allure: same });
        const two = shardDir(2, 2, {}, { allure: same });
        return [one, two, '--output', join(dir, 'out')];
      },
      'both hold allure result 00000000-0000-4000-8000-000000000000-result.json with different contents',
    ],
  ])('%s', async (_name, argv, message) => {
    const r = await run(argv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.startsWith('keys-conformance merge: ')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
