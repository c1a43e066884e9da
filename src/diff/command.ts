import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { DiffReport } from './change.ts';
import { DiffInputError } from './errors.ts';
import { renderDiffJson } from './json-report.ts';
import { loadAndDiff } from './load.ts';
import { renderDiffMarkdown } from './markdown.ts';
import { errorLine, processIo, UsageError, type CommandIo } from '../command-io.ts';

export const DIFF_USAGE =
  'keys-conformance diff OLD.yaml NEW.yaml [--format markdown|json] [--output FILE] [--fail-on breaking|breaking-client|breaking-server|any]';

const FORMATS = ['markdown', 'json'] as const;
const FAIL_ON = ['breaking', 'breaking-client', 'breaking-server', 'any'] as const;
type Format = (typeof FORMATS)[number];
type FailOn = (typeof FAIL_ON)[number];

interface DiffOptions {
  readonly oldFile: string;
  readonly newFile: string;
  readonly format: Format;
  readonly output?: string;
  readonly failOn?: FailOn;
}

/**
 * `keys-conformance diff OLD NEW …` (argv is what follows `diff`). Exit 0: done and `--fail-on` matched
 * nothing; 1: `--fail-on` matched a change; 2: bad input (one line on stderr, never a stack trace).
 */
export async function runDiffCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  let options: DiffOptions | 'help';
  try {
    options = parseDiffArgs(argv);
  } catch (error) {
    io.stderr(`keys-conformance diff: ${errorLine(error, [DiffInputError])} (usage: ${DIFF_USAGE})\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`usage: ${DIFF_USAGE}\n`);
    return 0;
  }
  let report: DiffReport;
  try {
    report = await loadAndDiff(options.oldFile, options.newFile);
  } catch (error) {
    io.stderr(`keys-conformance diff: ${errorLine(error, [DiffInputError])}\n`);
    return 2;
  }
  const text = options.format === 'json' ? renderDiffJson(report) : renderDiffMarkdown(report);
  if (options.output === undefined) {
    io.stdout(text);
  } else {
    try {
      await writeFile(options.output, text, 'utf8');
    } catch (error) {
      io.stderr(
        `keys-conformance diff: cannot write ${options.output} (${errorLine(error, [DiffInputError])})\n`,
      );
      return 2;
    }
    io.stdout(`${summaryLine(report)}; written to ${options.output}\n`);
  }
  if (options.failOn === undefined) return 0;
  const matched = countMatching(report, options.failOn);
  if (matched === 0) return 0;
  io.stderr(`keys-conformance diff: ${String(matched)} change(s) match --fail-on ${options.failOn}\n`);
  return 1;
}

function parseDiffArgs(argv: readonly string[]): DiffOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      format: { type: 'string' },
      output: { type: 'string' },
      'fail-on': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) return 'help';
  if (positionals.length !== 2) {
    throw new UsageError(`expected two contract files (OLD and NEW), got ${String(positionals.length)}`);
  }
  const format = values.format ?? 'markdown';
  if (!isOneOf(FORMATS, format)) {
    throw new UsageError(`--format ${JSON.stringify(format)} is not supported; expected markdown or json`);
  }
  const failOn = values['fail-on'];
  if (failOn !== undefined && !isOneOf(FAIL_ON, failOn)) {
    throw new UsageError(
      `--fail-on ${JSON.stringify(failOn)} is not supported; expected ${FAIL_ON.join(', ')}`,
    );
  }
  if (values.output === '') throw new UsageError('--output needs a file name');
  return {
    oldFile: positionals[0]!,
    newFile: positionals[1]!,
    format,
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(failOn !== undefined ? { failOn } : {}),
  };
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

function countMatching(report: DiffReport, failOn: FailOn): number {
  const { breakingClient, breakingServer, nonBreaking } = report.summary;
  switch (failOn) {
    case 'any':
      return breakingClient + breakingServer + nonBreaking;
    case 'breaking':
      return breakingClient + breakingServer;
    case 'breaking-client':
      return breakingClient;
    case 'breaking-server':
      return breakingServer;
  }
}

function summaryLine(report: DiffReport): string {
  const { breakingClient, breakingServer, nonBreaking } = report.summary;
  return `${report.old.version} → ${report.new.version}: ${String(breakingClient)} breaking-client, ${String(breakingServer)} breaking-server, ${String(nonBreaking)} non-breaking`;
}
