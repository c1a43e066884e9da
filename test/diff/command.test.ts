import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiffCommand } from '../../src/diff/command.ts';
import { openapi } from './fixtures/spec-builders.ts';
import { FIXTURE_NEW, FIXTURE_OLD } from './paths.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runDiffCommand(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

let dir = '';
const file = (name: string): string => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keys-conformance-diff-'));
  const op = (operationId: string) => ({
    get: { operationId, responses: { '204': { description: 'none' } } },
  });
  // A pair whose only difference is non-breaking (an operationId rename).
  await writeFile(file('renamed-old.json'), JSON.stringify(openapi({ '/keys': op('ListKeys') })));
  await writeFile(file('renamed-new.json'), JSON.stringify(openapi({ '/keys': op('ListAllKeys') })));
  // A pair whose only difference tightens a request rule: old clients and old servers both break.
  const limited = (maximum: number) => ({
    get: {
      operationId: 'ListKeys',
      parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum } }],
      responses: { '204': { description: 'none' } },
    },
  });
  await writeFile(file('limit-500.json'), JSON.stringify(openapi({ '/keys': limited(500) })));
  await writeFile(file('limit-100.json'), JSON.stringify(openapi({ '/keys': limited(100) })));
  await writeFile(file('bad.yaml'), 'openapi: 3.1.0\npaths:\n  /keys: [unclosed\n');
  await writeFile(file('swagger.yaml'), 'swagger: "2.0"\npaths: {}\n');
  await writeFile(
    file('dangling.yaml'),
    'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /keys:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: "#/components/schemas/Missing"}\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keys-conformance diff: output', () => {
  it('writes Markdown to stdout by default and exits 0', async () => {
    const r = await run(FIXTURE_OLD, FIXTURE_NEW);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')[0]).toBe('## Contract diff: 1.0.0 → 1.1.0');
  });

  it('writes the JSON report with --format json', async () => {
    const r = await run(FIXTURE_OLD, FIXTURE_NEW, '--format', 'json');
    const report = JSON.parse(r.stdout) as { summary: unknown; old: unknown };
    expect(report.summary).toEqual({ breakingClient: 3, breakingServer: 4, nonBreaking: 0 });
    expect(report.old).toEqual({ source: FIXTURE_OLD, version: '1.0.0' });
  });

  it('writes to --output and prints one summary line', async () => {
    const out = file('diff.json');
    const r = await run(FIXTURE_OLD, FIXTURE_NEW, '--format=json', '--output', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `1.0.0 → 1.1.0: 3 breaking-client, 4 breaking-server, 0 non-breaking; written to ${out}\n`,
    );
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ summary: { breakingServer: 4 } });
  });

  it('prints usage with --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: keys-conformance diff OLD\.yaml NEW\.yaml/);
  });

  it.each(['--format', '--output', '--fail-on', '--help'])('--help lists the option %s', async (option) => {
    expect((await run('--help')).stdout).toMatch(new RegExp(`^ +${option}\\b`, 'm'));
  });

  it.each(['breaking', 'breaking-client', 'breaking-server', 'any'])(
    '--help lists the --fail-on value %s',
    async (value) => {
      expect((await run('--help')).stdout).toMatch(new RegExp(`^ +${value} `, 'm'));
    },
  );

  it('--help states the exit codes', async () => {
    expect((await run('--help')).stdout).toMatch(
      /Exit code: 0 .*; 1 when --fail-on matches a change; 2 bad\s+input/s,
    );
  });
});

describe('keys-conformance diff: --fail-on', () => {
  it.each([
    ['(none)', FIXTURE_OLD, FIXTURE_NEW, 0],
    ['breaking', FIXTURE_OLD, FIXTURE_NEW, 1],
    ['breaking-client', FIXTURE_OLD, FIXTURE_NEW, 1],
    ['breaking-server', FIXTURE_OLD, FIXTURE_NEW, 1],
    ['any', FIXTURE_OLD, FIXTURE_NEW, 1],
    ['breaking', FIXTURE_OLD, FIXTURE_OLD, 0],
    ['any', FIXTURE_OLD, FIXTURE_OLD, 0],
    ['breaking', 'renamed-old.json', 'renamed-new.json', 0],
    ['breaking-client', 'renamed-old.json', 'renamed-new.json', 0],
    ['any', 'renamed-old.json', 'renamed-new.json', 1],
    ['breaking-client', 'limit-500.json', 'limit-100.json', 1],
    ['breaking-server', 'limit-500.json', 'limit-100.json', 1],
    ['breaking-server', 'limit-100.json', 'limit-500.json', 1],
    ['breaking-client', 'limit-100.json', 'limit-500.json', 0],
  ])('--fail-on %s on %s → %s exits %i', async (failOn, oldFile, newFile, code) => {
    const path = (f: string) => (f.startsWith('/') ? f : file(f));
    const flags = failOn === '(none)' ? [] : ['--fail-on', failOn];
    const r = await run(path(oldFile), path(newFile), ...flags);
    expect(r.code).toBe(code);
    if (code === 1)
      expect(r.stderr).toMatch(
        new RegExp(`^keys-conformance diff: \\d+ change\\(s\\) match --fail-on ${failOn}\\n$`),
      );
  });
});

describe('keys-conformance diff: --output never replaces an input', () => {
  it.each([
    ['OLD', 'own-old.json', 'own-old.json'],
    ['NEW', 'own-new.json', 'own-new.json'],
    ['NEW spelled another way', 'own-new.json', './own-new.json'],
    ['a link to NEW', 'own-new.json', 'link-to-new.json'],
  ])(
    'refuses --output that is %s, exits 2 and leaves the contract as it was',
    async (_name, target, spelled) => {
      const contract = JSON.stringify(openapi({}));
      await writeFile(file('own-old.json'), contract);
      await writeFile(file('own-new.json'), contract);
      await rm(file('link-to-new.json'), { force: true });
      await symlink('own-new.json', file('link-to-new.json'));
      // Not join(): it would normalise the spelling away.
      const output = `${dir}/${spelled}`;
      const r = await run(file('own-old.json'), file('own-new.json'), '--output', output);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `keys-conformance diff: --output ${output} is one of the inputs; write the report elsewhere\n`,
      );
      expect(await readFile(file(target), 'utf8')).toBe(contract);
    },
  );
});

describe('keys-conformance diff: bad input exits 2 with one line on stderr', () => {
  it.each([
    ['an unknown option', ['a.yaml', 'b.yaml', '--colour'], "unknown option '--colour'"],
    ['a missing option value', ['a.yaml', 'b.yaml', '--format'], '--format needs a value'],
    [
      'an unknown format',
      ['a.yaml', 'b.yaml', '--format', 'html'],
      '--format "html" is not supported; expected markdown or json',
    ],
    [
      'an unknown --fail-on',
      ['a.yaml', 'b.yaml', '--fail-on', 'major'],
      '--fail-on "major" is not supported',
    ],
    ['one file', ['a.yaml'], 'expected two contract files (OLD and NEW), got 1'],
    ['three files', ['a.yaml', 'b.yaml', 'c.yaml'], 'expected two contract files (OLD and NEW), got 3'],
    [
      'a missing file',
      ['does-not-exist.yaml', FIXTURE_NEW],
      'does-not-exist.yaml: cannot read the file (no such file)',
    ],
    [
      'invalid YAML',
      ['@bad.yaml', FIXTURE_NEW],
      'bad.yaml:4:1: invalid YAML (Flow sequence in block collection must be sufficiently indented and end with a ])',
    ],
    ['a Swagger 2 file', [FIXTURE_OLD, '@swagger.yaml'], 'not an OpenAPI 3.x document (found swagger 2.0)'],
    [
      'a dangling $ref',
      ['@dangling.yaml', FIXTURE_NEW],
      '$ref "#/components/schemas/Missing" at #/paths/~1keys/get/responses/200/content/application~1json/schema/$ref does not resolve',
    ],
    ['an unwritable --output', [FIXTURE_OLD, FIXTURE_NEW, '--output', '@no/such/dir/out.md'], 'cannot write'],
  ])('%s', async (_name, argv, message) => {
    const r = await run(...argv.map((a) => (a.startsWith('@') ? file(a.slice(1)) : a)));
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith('keys-conformance diff: ')).toBe(true);
    expect(r.stderr).toContain(message);
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd()).not.toContain('\n');
    expect(r.stdout).toBe('');
  });

  it('names the usage on a usage error', async () => {
    const r = await run('--colour');
    expect(r.stderr).toContain('(usage: keys-conformance diff OLD.yaml NEW.yaml');
  });
});
