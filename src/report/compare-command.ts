import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  compare,
  type ComparedFinding,
  type ComparedRun,
  type Comparison,
  type ComparedStatus,
} from './compare.ts';
import type { Severity } from './finding.ts';
import { FindingsFileError, readFindingsReport } from './findings-file.ts';
import { plainText } from './plain-text.ts';
import { errorLine, processIo, type CommandIo } from '../command-io.ts';
import {
  emitReport,
  parseReportArgs,
  refuseOutputOverInput,
  type ReportArgs,
} from '../report-command-args.ts';

export const COMPARE_USAGE =
  'keys-conformance compare BASE NEW [--format markdown|json] [--output FILE] [--fail-on new]';

const COMPARE_HELP = `usage: ${COMPARE_USAGE}

Compares two runs: the findings NEW has and BASE has not (new), those BASE had and NEW has not (fixed), and
those both have (still failing). BASE and NEW are findings.json files or run directories.

options:
  --format F      markdown (default) or json
  --output FILE   Write the report to FILE (not BASE or NEW) and print its summary line
  --fail-on new   Exit 1 when NEW has a finding BASE has not

Exit code: 0 compared (and, with --fail-on new, nothing new); 1 --fail-on new and something is new; 2 bad
input.`;

const FAIL_ON = ['new'] as const;
type FailOn = (typeof FAIL_ON)[number];

/**
 * `keys-conformance compare BASE NEW …` (argv is what follows `compare`); BASE and NEW are findings.json
 * files or run directories. Exit 0: done (and `--fail-on new` found nothing new); 1: `--fail-on new` and
 * NEW has findings BASE has not; 2: bad input, one line on stderr.
 */
export async function compareCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  let options: ReportArgs<FailOn> | 'help';
  try {
    options = parseReportArgs(argv, 'findings files or run directories (BASE and NEW)', FAIL_ON);
  } catch (error) {
    io.stderr(
      `keys-conformance compare: ${errorLine(error, [FindingsFileError])} (usage: ${COMPARE_USAGE})\n`,
    );
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${COMPARE_HELP}\n`);
    return 0;
  }
  let comparison: Comparison;
  try {
    refuseOutputOverInput(options.output, [findingsFile(options.first), findingsFile(options.second)]);
    const base = readFindingsReport(options.first);
    const next = readFindingsReport(options.second);
    comparison = compare(base, next, { base: options.first, next: options.second });
  } catch (error) {
    io.stderr(`keys-conformance compare: ${errorLine(error, [FindingsFileError])}\n`);
    return 2;
  }
  const text =
    options.format === 'json' ? renderComparisonJson(comparison) : renderComparisonMarkdown(comparison);
  if (!(await emitReport(io, 'compare', text, options.output, summaryLine(comparison)))) return 2;
  if (options.failOn === 'new' && comparison.counts.new > 0) {
    io.stderr(`keys-conformance compare: ${comparison.counts.new} new finding(s) (--fail-on new)\n`);
    return 1;
  }
  return 0;
}

/** The file an input names: a run directory stands for its findings.json (as readFindingsReport reads it). */
function findingsFile(input: string): string {
  try {
    return statSync(input).isDirectory() ? join(input, 'findings.json') : input;
  } catch {
    return input; // unreadable: readFindingsReport says so
  }
}

function summaryLine(c: Comparison): string {
  return `${c.base.id} → ${c.next.id}: ${c.counts.new} new, ${c.counts.fixed} fixed, ${c.counts.stillFailing} still failing`;
}

/** The comparison as written by `--format json` (valid against docs/compare-report.schema.json). */
export function renderComparisonJson(comparison: Comparison): string {
  return `${JSON.stringify(comparison, null, 2)}\n`;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Still-failing findings beyond this many are counted, not listed: they are old news. */
const STILL_FAILING_LISTED = 30;

/**
 * The comparison for a person (a PR comment, a job summary): counts, what differs besides the target,
 * an operation x check table, then new findings in full (with curl), fixed ones, and still failing ones
 * one line each.
 */
export function renderComparisonMarkdown(c: Comparison): string {
  const lines: string[] = [];
  lines.push(
    `## keys-conformance compare: ${c.counts.new} new, ${c.counts.fixed} fixed, ${c.counts.stillFailing} still failing`,
    '',
  );
  lines.push(`- BASE ${runLine(c.base)}`, `- NEW ${runLine(c.next)}`, '');
  if (c.warnings.length > 0 || c.contextChanges.length > 0) {
    lines.push('> [!WARNING]', '> The runs differ in more than the target’s behaviour:');
    for (const w of c.warnings) lines.push(`> - ${w}`);
    for (const change of c.contextChanges) {
      lines.push(`> - **${change.aspect}**: ${change.base} → ${change.next} — ${change.consequence}`);
    }
    lines.push('');
  }
  if (c.groups.length === 0) {
    lines.push('No findings in either run.', '');
    return lines.join('\n');
  }

  lines.push('| operation | check | new | fixed | still failing |', '|---|---|--:|--:|--:|');
  for (const g of c.groups) {
    const cell = (n: number): string => (n === 0 ? '·' : String(n));
    lines.push(
      `| ${g.operationId ?? '(run)'} | \`${g.checkId}\` | ${cell(g.counts.new)} | ${cell(g.counts.fixed)} | ${cell(g.counts.stillFailing)} |`,
    );
  }
  lines.push('');

  section(lines, c, 'new', `New (${c.counts.new})`, (f) => [
    findingLine(f),
    ...(f.curl === undefined ? [] : ['', '  ```sh', `  ${f.curl}`, '  ```']),
  ]);
  section(lines, c, 'fixed', `Fixed (${c.counts.fixed})`, (f) => [findingLine(f)]);
  section(lines, c, 'still-failing', `Still failing (${c.counts.stillFailing})`, (f) => [findingLine(f)]);
  return lines.join('\n');
}

function section(
  lines: string[],
  c: Comparison,
  status: ComparedStatus,
  title: string,
  render: (f: ComparedFinding) => string[],
): void {
  // Worst first; within a severity, the table's order (operation, then check).
  const findings = c.groups
    .flatMap((g) => g.findings.filter((f) => f.status === status))
    .map((f, order) => ({ f, order }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.order - b.order)
    .map(({ f }) => f);
  if (findings.length === 0) return;
  lines.push(`### ${title}`, '');
  const limit = status === 'still-failing' ? STILL_FAILING_LISTED : findings.length;
  for (const f of findings.slice(0, limit)) lines.push(...render(f));
  if (findings.length > limit) lines.push(`- …and ${findings.length - limit} more (see \`--format json\`)`);
  lines.push('');
}

function findingLine(f: ComparedFinding): string {
  const where = [
    f.operationId,
    f.pointer === undefined ? undefined : `\`${f.pointer}\``,
    f.subject === undefined ? undefined : `(${f.subject})`,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  const counts =
    f.status === 'still-failing' && f.occurrences.base !== f.occurrences.next
      ? ` (×${f.occurrences.base} → ×${f.occurrences.next})`
      : '';
  const caveat = f.note === undefined ? '' : ` _(${f.confirmed === false ? 'unconfirmed: ' : ''}${f.note})_`;
  return `- **${f.severity}** \`${f.checkId}\` ${where}: ${plainText(f.message)}${counts}${caveat} · \`${f.fingerprint}\``;
}

function runLine(run: ComparedRun): string {
  const target = run.embeddedReference ? 'embedded reference' : `\`${run.target}\``;
  const shard = run.shard === undefined ? '' : ` · shard ${run.shard}`;
  return `\`${run.id}\` (${run.verdict}, ${run.findings} findings): ${target} · contract ${run.contract.version} · profile \`${run.profile}\` · suites ${run.suites.join(', ')}${shard}`;
}
