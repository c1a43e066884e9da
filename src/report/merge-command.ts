import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { FindingsFileError, readFindingsReport } from './findings-file.ts';
import { copyAllureResults, planAllureResults } from './merge-allure.ts';
import { mergeJunit, type JunitInput } from './merge-junit.ts';
import { MergeInputError, mergeRunReports, type MergeInput } from './merge-reports.ts';
import type { RunReport } from './run-report.ts';
import { writeReports } from './write-reports.ts';
import {
  errorLine,
  givenOnce,
  processIo as processStreams,
  UsageError,
  type CommandIo,
} from '../command-io.ts';
import { sameFile } from '../report-command-args.ts';

export const MERGE_USAGE = 'keys-conformance merge DIR... --output DIR';

/** Where the command writes and what environment it sees (GITHUB_STEP_SUMMARY); tests pass their own. */
export interface MergeIo extends CommandIo {
  readonly env: NodeJS.ProcessEnv;
}

const processIo: MergeIo = {
  ...processStreams,
  env: process.env,
};

/** What a run directory holds besides findings.json. */
const MERGE_HELP = `usage: ${MERGE_USAGE}

Merges the reports of the parts of one run (the shards of run --shard i/n, or runs of different suites)
into the reports of one run in --output DIR: findings.json and summary.md recomputed, junit.xml merged,
allure-results/ copied together.

options:
  --output DIR    Where the merged reports go (required; not one of the inputs)

Exit code, from the merged verdict as for run: 0 conformant; 1 nonconformant; 2 a part failed, a shard is
missing, or the input is unusable.`;

const JUNIT = 'junit.xml';
const ALLURE_RESULTS = 'allure-results';

/**
 * `keys-conformance merge DIR... --output DIR`: the reports of the parts of one run (shards from
 * `run --shard i/n`, or runs of different suites) as the reports of one run — findings.json and
 * summary.md recomputed, junit.xml merged, allure-results/ copied together for one Allure report.
 * Exit code as for `run`, from the merged verdict: 0 conformant, 1 nonconformant, 2 the run (or a shard
 * of it) failed, a shard is missing, or the input is unusable (one line on stderr).
 */
export function mergeCommand(argv: readonly string[], io: MergeIo = processIo): Promise<number> {
  return Promise.resolve(merge(argv, io));
}

function merge(argv: readonly string[], io: MergeIo): number {
  let options: { inputs: string[]; output: string } | 'help';
  try {
    options = parseMergeArgs(argv);
  } catch (error) {
    io.stderr(
      `keys-conformance merge: ${errorLine(error, [FindingsFileError, MergeInputError])} (usage: ${MERGE_USAGE})\n`,
    );
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${MERGE_HELP}\n`);
    return 0;
  }
  const { output } = options;
  try {
    const parts = options.inputs.map(readPart);
    // A run without tests (it failed before any) gets past the check for a test in two parts.
    parts.forEach((part, i) => {
      const twin = parts.slice(0, i).find((p) => sameFile(p.dir, part.dir));
      if (twin !== undefined) {
        throw new UsageError(
          `${twin.source} and ${part.source} are the same run directory: give each part once`,
        );
      }
    });
    const clash = parts.find((p) => sameFile(p.dir, output));
    if (clash !== undefined) {
      throw new UsageError(`--output ${output} is one of the inputs; write the merged reports elsewhere`);
    }
    const merged = mergeRunReports(parts);
    const junit = parts.flatMap((p): JunitInput[] => {
      const file = join(p.dir, JUNIT);
      return existsSync(file) ? [{ source: file, xml: readFileSync(file, 'utf8') }] : [];
    });
    const junitXml = junit.length === 0 ? undefined : mergeJunit(junit);
    const allure = planAllureResults(
      parts.map((p) => ({ source: p.source, dir: join(p.dir, ALLURE_RESULTS) })),
    );

    // Everything is checked; now write. Only what merge writes is replaced: stale allure results would
    // otherwise join this report.
    for (const name of ['findings.json', 'summary.md', JUNIT, ALLURE_RESULTS]) {
      rmSync(join(output, name), { recursive: true, force: true });
    }
    copyAllureResults(allure, join(output, ALLURE_RESULTS));
    if (junitXml !== undefined) writeFileSync(join(output, JUNIT), junitXml);
    const written = writeReports(output, merged, operationsOf(merged), io.env);

    const noJunit = parts.filter((p) => !junit.some((j) => j.source === join(p.dir, JUNIT)));
    if (noJunit.length > 0)
      io.stderr(`keys-conformance merge: no ${JUNIT} in ${noJunit.map((p) => p.source).join(', ')}\n`);
    if (allure.missing.length > 0) {
      io.stderr(`keys-conformance merge: no ${ALLURE_RESULTS}/ in ${allure.missing.join(', ')}\n`);
    }
    const label = { conformant: 'CONFORMANT', nonconformant: 'NONCONFORMANT', 'run-failed': 'RUN FAILED' }[
      merged.verdict
    ];
    io.stdout(`${label}: ${merged.reason} — ${written.summary}\n`);
    return merged.verdict === 'conformant' ? 0 : merged.verdict === 'nonconformant' ? 1 : 2;
  } catch (error) {
    io.stderr(`keys-conformance merge: ${errorLine(error, [FindingsFileError, MergeInputError])}\n`);
    return 2;
  }
}

function parseMergeArgs(argv: readonly string[]): { inputs: string[]; output: string } | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      output: { type: 'string', short: 'o', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) return 'help';
  if (positionals.length === 0) throw new UsageError('expected one or more run directories to merge');
  const output = givenOnce('output', values.output);
  if (output === undefined || output === '') {
    throw new UsageError('--output DIR is required: where to write the merged reports');
  }
  return { inputs: positionals, output };
}

/** A part given as a run directory or as the findings.json inside one. */
function readPart(input: string): MergeInput & { readonly dir: string } {
  const report: RunReport = readFindingsReport(input);
  const dir = statSync(input).isDirectory() ? input : dirname(input);
  return { source: input, report, dir };
}

/** The matrix rows of summary.md: every operation some part exercised or reported unexercised. */
function operationsOf(report: RunReport): string[] {
  const ops = new Set([
    ...report.tests.flatMap((t) => t.operationIds),
    ...report.checks.map((c) => c.operationId),
    ...report.unexercised,
  ]);
  return [...ops].sort();
}
