import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/report/compare-command.ts';
import type { Comparison } from '../../src/report/compare.ts';
import { fingerprint } from '../../src/report/fingerprint.ts';
import { FAULTS, runReport, writeRunDir } from './run-reports.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await compareCommand(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

let dir = '';
let clean = '';
let faulty = '';
const file = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keys-conformance-compare-'));
  clean = writeRunDir(dir, 'clean', runReport());
  faulty = writeRunDir(dir, 'faulty', runReport({ findings: [FAULTS.highS, FAULTS.wrongStatus] }));
  await writeFile(file('not-json.json'), '{"format": ');
  await writeFile(file('other.json'), JSON.stringify({ findings: [] }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keys-conformance compare: output', () => {
  it('writes Markdown to stdout by default, headed by the counts', async () => {
    const r = await run(clean, faulty);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')[0]).toBe('## keys-conformance compare: 2 new, 0 fixed, 0 still failing');
  });

  it('reads a findings.json file as well as a run directory', async () => {
    const r = await run(join(clean, 'findings.json'), faulty, '--format', 'json');
    expect((JSON.parse(r.stdout) as Comparison).counts.new).toBe(2);
  });

  it('lists each new finding with its fingerprint and curl line in the Markdown', async () => {
    const r = await run(clean, faulty);
    expect(r.stdout).toContain(`\`${fingerprint(FAULTS.highS)}\``);
    expect(r.stdout).toContain(`  ${FAULTS.highS.curl}`);
    expect(r.stdout).toContain('| GenerateSignature | `signature_low_s` | 1 | · | · |');
  });

  it('quotes a target message with a forged heading, HTML and escapes as text on its finding line', async () => {
    const forged = {
      ...FAULTS.wrongStatus,
      message: 'x\n# keys-conformance compare: 0 new\n<img src=x> \u001b[2J',
    };
    const hostile = writeRunDir(dir, 'hostile', runReport({ findings: [forged] }));
    const r = await run(clean, hostile);
    expect(
      r.stdout.split('\n').filter((line) => /^#+ keys-conformance/.test(line) || line.includes('\u001b')),
    ).toEqual(['## keys-conformance compare: 1 new, 0 fixed, 0 still failing']);
  });

  it('writes the JSON report with --format json', async () => {
    const r = await run(faulty, clean, '--format', 'json');
    const c = JSON.parse(r.stdout) as Comparison;
    expect(c.counts).toMatchObject({ new: 0, fixed: 2, stillFailing: 0 });
    expect([c.base.source, c.next.source]).toEqual([faulty, clean]);
  });

  it('writes to --output and prints one summary line', async () => {
    const out = file('compare.md');
    const r = await run(clean, faulty, '--output', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\S+ → \S+: 2 new, 0 fixed, 0 still failing; written to .*compare\.md\n$/);
    expect(await readFile(out, 'utf8')).toMatch(/^## keys-conformance compare/);
  });

  it('prints usage with --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: keys-conformance compare BASE NEW/);
  });
});

describe('keys-conformance compare: --fail-on new', () => {
  it.each([
    ['clean → faulty', 1, () => [clean, faulty]],
    ['faulty → clean', 0, () => [faulty, clean]],
    ['faulty → faulty', 0, () => [faulty, faulty]],
  ])('%s exits %i', async (_name, code, pair) => {
    const r = await run(...pair(), '--fail-on', 'new');
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(code === 1 ? 'keys-conformance compare: 2 new finding(s) (--fail-on new)\n' : '');
  });

  it('exits 0 on new findings without --fail-on', async () => {
    expect((await run(clean, faulty)).code).toBe(0);
  });
});

describe('keys-conformance compare: --output never replaces an input', () => {
  // Each case has run directories of its own, so a regression spoils no other test's input.
  it.each([
    ['BASE as a file', (base: string) => join(base, 'findings.json')],
    ['NEW as a file', (_base: string, next: string) => join(next, 'findings.json')],
    ['BASE as a run directory', (base: string) => join(base, 'findings.json')],
    ['NEW spelled another way', (_base: string, next: string) => `${next}/./findings.json`],
  ])('refuses --output that is %s, exits 2 and leaves it as it was', async (name, outputOf) => {
    const own = join(dir, `own-${name.replaceAll(' ', '-')}`);
    const base = writeRunDir(own, 'base', runReport());
    const next = writeRunDir(own, 'next', runReport({ findings: [FAULTS.highS] }));
    const output = outputOf(base, next);
    const before = await readFile(output, 'utf8');
    const inputs = name.includes('directory') ? [base, next] : [join(base, 'findings.json'), next];
    const r = await run(...inputs, '--output', output);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `keys-conformance compare: --output ${output} is one of the inputs; write the report elsewhere\n`,
    );
    expect(await readFile(output, 'utf8')).toBe(before);
  });
});

describe('keys-conformance compare: bad input exits 2 with one line on stderr', () => {
  it.each([
    ['one run only', () => [clean], 'expected two findings files or run directories (BASE and NEW), got 1'],
    ['an unknown option', () => [clean, faulty, '--colour'], "unknown option '--colour'"],
    [
      'an unknown format',
      () => [clean, faulty, '--format', 'html'],
      '--format "html" is not supported; expected markdown or json',
    ],
    [
      'an unknown --fail-on',
      () => [clean, faulty, '--fail-on', 'any'],
      '--fail-on "any" is not supported; expected new',
    ],
    ['an empty --output', () => [clean, faulty, '--output', ''], '--output needs a file name'],
    ['a missing BASE', () => [file('nowhere'), faulty], `${file('nowhere')}: cannot read (ENOENT)`],
    [
      'a directory without findings.json',
      () => [dir, faulty],
      `${file('findings.json')}: cannot read (ENOENT)`,
    ],
    ['a file that is not JSON', () => [clean, file('not-json.json')], `${file('not-json.json')}: not JSON`],
    [
      'JSON that is not a findings file',
      () => [file('other.json'), faulty],
      `${file('other.json')}: not a keys-conformance findings file: (top level) must have required property 'format'`,
    ],
    [
      'an unwritable --output',
      () => [clean, faulty, '--output', join(dir, 'no', 'such', 'dir.md')],
      'cannot write',
    ],
  ])('%s', async (_name, argv, message) => {
    const r = await run(...argv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.startsWith('keys-conformance compare: ')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
