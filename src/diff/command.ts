import { breaks, type DiffChange, type DiffReport } from './change.ts';
import { DiffInputError } from './errors.ts';
import { renderDiffJson } from './json-report.ts';
import { loadAndDiff } from './load.ts';
import { renderDiffMarkdown } from './markdown.ts';
import { errorLine, processIo, type CommandIo } from '../command-io.ts';
import {
  emitReport,
  parseReportArgs,
  refuseOutputOverInput,
  type ReportArgs,
} from '../report-command-args.ts';

export const DIFF_USAGE =
  'keys-conformance diff OLD.yaml NEW.yaml [--format markdown|json] [--output FILE] [--fail-on breaking|breaking-client|breaking-server|any]';

const DIFF_HELP = `usage: ${DIFF_USAGE}

Compares two OpenAPI 3.x contract versions and classifies each change by whom it breaks: clients built to
OLD, servers built to OLD, or neither (src/diff/README.md).

options:
  --format F         markdown (default, for a pull-request comment) or json (docs/diff-report.schema.json)
  --output FILE      Write the report to FILE (not OLD or NEW) and print its summary line
  --fail-on WHAT     Exit 1 when a change matches WHAT, one of:
    breaking           breaks clients or servers
    breaking-client    breaks clients built to OLD
    breaking-server    breaks servers built to OLD
    any                any change, non-breaking included
  --help, -h         This help

Exit code: 0 compared (and --fail-on, if given, matched nothing); 1 when --fail-on matches a change; 2 bad
input (an unreadable file, invalid YAML, not OpenAPI 3.x, a $ref that does not resolve, bad options).`;

const FAIL_ON = ['breaking', 'breaking-client', 'breaking-server', 'any'] as const;
type FailOn = (typeof FAIL_ON)[number];

/**
 * `keys-conformance diff OLD NEW …` (argv is what follows `diff`). Exit 0: done and `--fail-on` matched
 * nothing; 1: `--fail-on` matched a change; 2: bad input (one line on stderr, never a stack trace).
 */
export async function runDiffCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  let options: ReportArgs<FailOn> | 'help';
  try {
    options = parseReportArgs(argv, 'contract files (OLD and NEW)', FAIL_ON);
  } catch (error) {
    io.stderr(`keys-conformance diff: ${errorLine(error, [DiffInputError])} (usage: ${DIFF_USAGE})\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${DIFF_HELP}\n`);
    return 0;
  }
  let report: DiffReport;
  try {
    refuseOutputOverInput(options.output, [options.first, options.second]);
    report = await loadAndDiff(options.first, options.second);
  } catch (error) {
    io.stderr(`keys-conformance diff: ${errorLine(error, [DiffInputError])}\n`);
    return 2;
  }
  const text = options.format === 'json' ? renderDiffJson(report) : renderDiffMarkdown(report);
  if (!(await emitReport(io, 'diff', text, options.output, summaryLine(report)))) return 2;
  if (options.failOn === undefined) return 0;
  const matched = countMatching(report, options.failOn);
  if (matched === 0) return 0;
  io.stderr(`keys-conformance diff: ${String(matched)} change(s) match --fail-on ${options.failOn}\n`);
  return 1;
}

function countMatching(report: DiffReport, failOn: FailOn): number {
  const matches = (change: DiffChange): boolean => {
    switch (failOn) {
      case 'any':
        return true;
      case 'breaking':
        return change.class !== 'non-breaking';
      case 'breaking-client':
      case 'breaking-server':
        return breaks(change, failOn);
    }
  };
  return report.changes.filter(matches).length;
}

function summaryLine(report: DiffReport): string {
  const { breakingClient, breakingServer, nonBreaking } = report.summary;
  return `${report.old.version} → ${report.new.version}: ${String(breakingClient)} breaking-client, ${String(breakingServer)} breaking-server, ${String(nonBreaking)} non-breaking`;
}
