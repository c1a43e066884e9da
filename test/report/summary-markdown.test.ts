import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fingerprint } from '../../src/report/fingerprint.ts';
import { summaryMarkdown } from '../../src/report/summary-markdown.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { FAULTS, runReport } from './run-reports.ts';

const OPERATIONS = ['CreateKey', 'GetKey', 'ListKeys', 'GenerateSignature'];
const tallies = [
  { operationId: 'GetKey', checkId: 'response_schema_conformance', passed: 4, failed: 0 },
  { operationId: 'CreateKey', checkId: 'status_code_conformance', passed: 2, failed: 1 },
];

describe('summary.md', () => {
  it.each([
    ['conformant', runReport(), '# keys-conformance: CONFORMANT'],
    ['nonconformant', runReport({ findings: [FAULTS.highS] }), '# keys-conformance: NONCONFORMANT'],
    [
      'run-failed',
      runReport({ verdict: 'run-failed', reason: 'target unreachable' }),
      '# keys-conformance: RUN FAILED',
    ],
  ])('opens with the verdict of a %s run', (_name, report, heading) => {
    expect(summaryMarkdown(report, OPERATIONS).split('\n')[0]).toBe(heading);
  });

  it('counts findings by severity', () => {
    const md = summaryMarkdown(
      runReport({ findings: [FAULTS.highS, FAULTS.wrongStatus, FAULTS.schema, FAULTS.header] }),
      OPERATIONS,
    );
    expect(md).toContain('Findings: 4 (1 critical, 2 high, 0 medium, 1 low).');
  });

  it('splits new from known findings when the run had a baseline', () => {
    const known = new Set([fingerprint(FAULTS.highS)]);
    const md = summaryMarkdown(
      runReport({ findings: [FAULTS.highS, FAULTS.wrongStatus], known, run: { baseline: 'b.json' } }),
      OPERATIONS,
    );
    expect(md).toContain('— 1 new, 1 known from the baseline.');
    expect(md).toMatch(/`signature_low_s` \[known\]/);
  });

  it('draws the operation x check matrix: passes, failures of runs, and checks not run', () => {
    const md = summaryMarkdown(runReport({ tallies }), OPERATIONS);
    expect(md).toContain('| operation | `response_schema_conformance` | `status_code_conformance` |');
    expect(md).toContain('| CreateKey | · | ✗ 1/3 |');
    expect(md).toContain('| GetKey | ✓ 4 | · |');
    expect(md).toContain('| ListKeys | · | · |');
  });

  it('CreateKey: names the body properties of a newer contract that the suite was not written for', () => {
    const run = { untaughtProperties: [{ operationId: 'CreateKey', property: 'region', required: true }] };
    const md = summaryMarkdown(runReport({ run }), OPERATIONS);
    expect(md).toMatch(/^> The contract has request body properties .*: `CreateKey.region` \(required\)\./m);
  });

  it('RotateKey: names the operations of a newer contract that the suite was not written for', () => {
    const md = summaryMarkdown(runReport({ run: { untaughtOperations: ['RotateKey'] } }), OPERATIONS);
    expect(md).toMatch(/^> The contract has operations this suite was not written for: `RotateKey`\. /m);
  });

  it('says nothing of untaught properties when the contract has none', () => {
    expect(summaryMarkdown(runReport(), OPERATIONS)).not.toContain('was not written for');
  });

  it('names the baseline findings no longer seen, and says to renew the baseline', () => {
    const report = runReport();
    const md = summaryMarkdown(
      { ...report, run: { ...report.run, baselineNotSeen: ['0123456789abcdef'] } },
      OPERATIONS,
    );
    expect(md).toMatch(
      /^Baseline findings no longer seen, though their tests ran: `0123456789abcdef`\. .*take this run's findings\.json as the baseline\.$/m,
    );
  });

  it('says the embedded reference implements another contract than the one checked', () => {
    const report = runReport();
    const md = summaryMarkdown(
      { ...report, run: { ...report.run, referenceContract: '1.807.0' } },
      OPERATIONS,
    );
    expect(md).toContain(
      "(embedded reference, which implements contract 1.807.0: what differs is the contract's change, not a fault)",
    );
  });

  it('names the faults of the embedded reference, and replays a fuzzed finding against them', () => {
    const report = runReport({ findings: [FAULTS.fuzzed] });
    const faulty = { ...report, run: { ...report.run, referenceFaults: ['create-key-zwj-name-500'] } };
    const md = summaryMarkdown(faulty, OPERATIONS);
    expect(md).toContain('(embedded reference, faults: create-key-zwj-name-500)');
    expect(md).toMatch(
      /`keys-conformance replay findings\.json#[0-9a-f]{16} --reference-fault create-key-zwj-name-500`/,
    );
  });

  it('names the seed of the run', () => {
    const report = runReport();
    const md = summaryMarkdown({ ...report, run: { ...report.run, seed: 4242 } }, OPERATIONS);
    expect(md).toMatch(/^Target .* · profile `full` · seed 4242 · run /m);
  });

  it('says the run was one shard, when it was', () => {
    const report = runReport();
    const shard = { ...report, run: { ...report.run, shard: '1/2' } };
    expect(summaryMarkdown(shard, OPERATIONS)).toMatch(/^Target .* · shard 1\/2 only$/m);
    expect(summaryMarkdown(report, OPERATIONS)).not.toContain('shard');
  });

  it('names the operations no test exercised', () => {
    expect(summaryMarkdown(runReport({ unexercised: ['ExportKey'] }), OPERATIONS)).toContain(
      'Not exercised: `ExportKey`.',
    );
  });

  it('shows a top finding with its pointer, repeat count and curl line', () => {
    const md = summaryMarkdown(runReport({ findings: [FAULTS.highS, FAULTS.highS] }), OPERATIONS);
    expect(md).toContain(
      `- **critical** \`signature_low_s\` GenerateSignature \`${FAULTS.highS.pointer}\` (×2): ${FAULTS.highS.message}`,
    );
    expect(md).toContain(`  \`\`\`sh\n  ${FAULTS.highS.curl}\n  \`\`\``);
  });

  it('lists five findings at most and says how many more findings.json holds', () => {
    const findings = Array.from({ length: 13 }, (_v, i) => ({ ...FAULTS.schema, subject: `case ${i}` }));
    const md = summaryMarkdown(runReport({ findings }), OPERATIONS);
    expect(md.match(/^- \*\*high\*\*/gm)).toHaveLength(5);
    expect(md).toContain('…and 8 more in findings.json.');
  });

  it('tells how to replay a fuzzed finding: seed, path and the replay command', () => {
    const md = summaryMarkdown(runReport({ findings: [FAULTS.fuzzed] }), OPERATIONS);
    expect(md).toContain(
      `  Fuzzed (seed 42, path \`3:1\`) and shrunk. Replay it here or against another target (\`--target\`): \`keys-conformance replay findings.json#${fingerprint(FAULTS.fuzzed)}\``,
    );
  });

  it('gives a finding without a fuzz input no replay line', () => {
    expect(summaryMarkdown(runReport({ findings: [FAULTS.highS] }), OPERATIONS)).not.toContain('replay');
  });

  it('gives a curl line to the first three findings only', () => {
    const findings = Array.from({ length: 5 }, (_v, i) => ({ ...FAULTS.highS, subject: `case ${i}` }));
    const md = summaryMarkdown(runReport({ findings }), OPERATIONS);
    expect(md.match(/```sh/g)).toHaveLength(3);
  });

  /** A target's error message quoted by a finding, made to pass for the report's own verdict, with HTML. */
  const FORGED =
    'x\n\n# keys-conformance: CONFORMANT\n<img src=x onerror=alert(1)> [docs](http://evil) \u001b[2J';

  it('CreateKey: a quoted error message stays text on its finding line, not a heading, HTML or link', () => {
    const finding = { ...FAULTS.wrongStatus, message: `answered 500 ("${FORGED}")` };
    const md = summaryMarkdown(runReport({ findings: [finding] }), OPERATIONS);
    expect(md.split('\n').find((line) => line.includes('answered 500'))).toBe(
      '- **high** `status_code_conformance` CreateKey `#/paths/~1keys/post/responses`: answered 500 ("x # keys-conformance: CONFORMANT &lt;img src=x onerror=alert(1)&gt; \\[docs\\](http://evil)  \\[2J")',
    );
  });

  it('a run-failed reason quoting the target stays text on its line', () => {
    const md = summaryMarkdown(
      runReport({ verdict: 'run-failed', reason: `refused: ${FORGED}` }),
      OPERATIONS,
    );
    expect(md.split('\n').filter((line) => line.startsWith('# '))).toEqual([
      '# keys-conformance: RUN FAILED',
    ]);
  });

  it('cuts a megabyte curl line and message, saying findings.json has them whole', () => {
    const body = 'x'.repeat(1024 * 1024);
    const finding = { ...FAULTS.highS, message: `answered 413 to ${body}`, curl: `curl -d '${body}'` };
    const md = summaryMarkdown(runReport({ findings: [finding] }), OPERATIONS);
    expect(md.length).toBeLessThan(20_000);
    expect(md).toMatch(/\(curl line cut at 2000 of \d{7} characters; whole in findings\.json\)/);
    expect(md).toMatch(/\(message cut at 2000 of \d{7} characters; whole in findings\.json\)/);
  });
});

describe('writeReports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-conformance-summary-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends summary.md to the GitHub job summary when GITHUB_STEP_SUMMARY is set', () => {
    const stepSummary = join(dir, 'step-summary.md');
    writeFileSync(stepSummary, 'before\n');
    const report = runReport({ findings: [FAULTS.highS] });
    const written = writeReports(join(dir, 'run'), report, OPERATIONS, { GITHUB_STEP_SUMMARY: stepSummary });
    expect(readFileSync(stepSummary, 'utf8')).toBe(`before\n${readFileSync(written.summary, 'utf8')}\n`);
  });

  it.each([
    ['below the working directory, relative to it', 'run-below', (d: string) => d, 'run-below/findings.json'],
    ['elsewhere, absolute', 'run-elsewhere', () => '/nonexistent-cwd', 'ABSOLUTE'],
  ])('names findings.json in a replay command %s', (_how, name, cwd, expected) => {
    vi.spyOn(process, 'cwd').mockReturnValue(cwd(dir));
    try {
      const written = writeReports(join(dir, name), runReport({ findings: [FAULTS.fuzzed] }), OPERATIONS, {});
      const path = expected === 'ABSOLUTE' ? written.findings : expected;
      expect(readFileSync(written.summary, 'utf8')).toContain(`\`keys-conformance replay ${path}#`);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('writes findings.json as the report it was given, beside summary.md', () => {
    const report = runReport({ findings: [FAULTS.wrongStatus] });
    const written = writeReports(join(dir, 'local'), report, OPERATIONS, {});
    expect(JSON.parse(readFileSync(written.findings, 'utf8'))).toEqual(report);
    expect(written.summary).toBe(join(dir, 'local', 'summary.md'));
  });
});
