import type { CheckTally, ReportedFinding, RunReport } from './run-report.ts';
import { SEVERITIES } from './finding.ts';
import { plainText } from './plain-text.ts';
import { embeddedReferenceLabel } from './reference-label.ts';
import { untaughtNote, untaughtOperationsNote } from './untaught-note.ts';
import { unroutedSentence } from './unrouted-operations.ts';

const TOP_FINDINGS = 5;
/** Curl lines are long: only the first few findings carry one here (every finding has one in findings.json). */
const TOP_CURLS = 3;
/**
 * Longer curl lines and messages are cut here (findings.json keeps them whole): a finding about an
 * oversized body carried the whole megabyte into summary.md, past the 1 MiB GitHub takes as a job summary.
 */
const MAX_SHOWN_CHARS = 2_000;

function shown(text: string, what: string): string {
  if (text.length <= MAX_SHOWN_CHARS) return text;
  return `${text.slice(0, MAX_SHOWN_CHARS)}… (${what} cut at ${MAX_SHOWN_CHARS} of ${text.length} characters; whole in findings.json)`;
}

/**
 * summary.md: one screen a person reads first — the verdict, counts, the operation x check matrix and
 * the top findings with a curl line each. Everything else is in findings.json.
 */
export function summaryMarkdown(
  report: RunReport,
  operationIds: readonly string[],
  /** How the reader names findings.json in a replay command (relative to where the run was started). */
  findingsPath = 'findings.json',
): string {
  const lines: string[] = [];
  const { counts, run } = report;
  lines.push(`# keys-conformance: ${verdictLabel(report)}`, '');
  lines.push(plainText(report.reason), '');
  lines.push(
    `Target \`${run.target}\`${run.embeddedReference ? embeddedReferenceLabel(run.referenceFaults ?? [], run.referenceContract) : ''} · contract ${run.contract.version} · profile \`${run.profile}\`${run.seed === undefined ? '' : ` · seed ${run.seed}`} · run \`${run.id}\`${run.shard === undefined ? '' : ` · shard ${run.shard} only`}`,
    '',
  );
  const code = (name: string): string => `\`${name}\``;
  const notes = [
    untaughtOperationsNote(run.untaughtOperations ?? [], code),
    untaughtNote(run.untaughtProperties ?? [], code),
  ];
  for (const note of notes) if (note !== undefined) lines.push(`> ${note}`, '');
  for (const op of report.unrouted ?? []) lines.push(`> ${unroutedSentence(op, code)}`, '');
  const t = counts.tests;
  lines.push(
    `Tests: ${t.passed} passed, ${t.failed} failed, ${t['not-applicable']} not applicable, ${t.skipped} skipped.`,
  );
  const f = counts.findings;
  const bySeverity = SEVERITIES.map((s) => `${f.bySeverity[s]} ${s}`).join(', ');
  lines.push(
    `Findings: ${f.total} (${bySeverity})${run.baseline === undefined ? '' : ` — ${f.new} new, ${f.known} known from the baseline`}.`,
    '',
  );
  const cut = report.tests.filter((t) => t.budgetCut !== undefined);
  if (cut.length > 0) {
    const examples = cut
      .slice(0, 3)
      .map((t) => `${propertyLabel(t.name)} ${t.budgetCut?.judged ?? 0} of ${t.budgetCut?.runs ?? 0}`)
      .join(', ');
    lines.push(
      `Time budget: ${cut.length} fuzz ${cut.length === 1 ? 'property' : 'properties'} stopped before ${cut.length === 1 ? 'its' : 'their'} runs (inputs judged: ${examples}${cut.length > 3 ? ', …' : ''}); raise --time-budget or lower --runs to judge every input.`,
      '',
    );
  }
  const notSeen = run.baselineNotSeen ?? [];
  if (notSeen.length > 0) {
    lines.push(
      `Baseline findings no longer seen, though their tests ran: ${notSeen.map(code).join(', ')}. Fixed (or, for a fuzz finding, drawn differently): a baseline that keeps them would pass them as known if they came back, so take this run's findings.json as the baseline.`,
      '',
    );
  }

  lines.push('## Operations x checks', '');
  lines.push(...matrix(report.checks, operationIds));
  if (report.unexercised.length > 0) {
    lines.push('', `Not exercised: ${report.unexercised.map((o) => `\`${o}\``).join(', ')}.`);
  }

  if (report.findings.length > 0) {
    lines.push('', '## Top findings', '');
    report.findings
      .slice(0, TOP_FINDINGS)
      .forEach((finding, i) =>
        lines.push(...findingBlock(finding, i < TOP_CURLS, findingsPath, run.referenceFaults ?? [])),
      );
    if (report.findings.length > TOP_FINDINGS) {
      lines.push(`…and ${report.findings.length - TOP_FINDINGS} more in findings.json.`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

function verdictLabel(report: RunReport): string {
  switch (report.verdict) {
    case 'conformant':
      return 'CONFORMANT';
    case 'nonconformant':
      return 'NONCONFORMANT';
    case 'run-failed':
      return 'RUN FAILED';
  }
}

/** Rows are operations, columns are checks; a cell says how often the check passed (✓) or failed (✗). */
function matrix(tallies: readonly CheckTally[], operationIds: readonly string[]): string[] {
  const checks = [...new Set(tallies.map((t) => t.checkId))].sort();
  if (checks.length === 0) return ['No check ran.'];
  const cell = new Map(tallies.map((t) => [`${t.operationId}\u0000${t.checkId}`, t]));
  const operations = [...new Set([...operationIds, ...tallies.map((t) => t.operationId)])];
  const header = `| operation | ${checks.map((c) => `\`${c}\``).join(' | ')} |`;
  const rule = `|---|${checks.map(() => ':-:').join('|')}|`;
  const rows = operations.map((op) => {
    const cells = checks.map((check) => {
      const t = cell.get(`${op}\u0000${check}`);
      if (!t) return '·';
      return t.failed > 0 ? `✗ ${t.failed}/${t.passed + t.failed}` : `✓ ${t.passed}`;
    });
    return `| ${op} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows, '', '✓ n: passed n times · ✗ f/n: failed f of n times · ·: not run'];
}

/** `ImportKey valid bodies` for `ImportKey: fuzzed valid bodies are accepted or …`. */
function propertyLabel(testName: string): string {
  const match = /^(\w+): fuzzed (valid|invalid) (bodies|parameters)/.exec(testName);
  return match === null ? (testName.split(':')[0] ?? testName) : `${match[1]} ${match[2]} ${match[3]}`;
}

function findingBlock(
  finding: ReportedFinding,
  withCurl: boolean,
  findingsPath: string,
  /** The embedded reference's faults: "here" is a reference with them on. */
  referenceFaults: readonly string[],
): string[] {
  const where = [finding.operationId, finding.pointer && `\`${finding.pointer}\``].filter(Boolean).join(' ');
  const repeat = finding.occurrences > 1 ? ` (×${finding.occurrences})` : '';
  const known = finding.baseline === 'known' ? ' [known]' : '';
  const lines = [
    `- **${finding.severity}** \`${finding.checkId}\`${known} ${where}${repeat}: ${plainText(shown(finding.message, 'message'))}`,
  ];
  if (finding.replay !== undefined) {
    // The curl line names this run's keys; replay recreates what the input needs, on any target.
    const { seed, path } = finding.replay;
    lines.push(
      '',
      `  Fuzzed (seed ${seed}, path \`${path}\`) and shrunk. Replay it here or against another target (\`--target\`): \`keys-conformance replay ${findingsPath}#${finding.fingerprint}${referenceFaults.map((id) => ` --reference-fault ${id}`).join('')}\``,
    );
  }
  if (withCurl && finding.curl !== undefined) {
    lines.push('', '  ```sh', `  ${shown(finding.curl, 'curl line')}`, '  ```');
  }
  return lines;
}
