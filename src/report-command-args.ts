import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorLine, givenOnce, UsageError, type CommandIo } from './command-io.ts';

/**
 * What `diff` and `compare` share: two input files, a report as Markdown or JSON on stdout or in
 * `--output`, and a `--fail-on` condition chosen from the command's own list.
 */

const FORMATS = ['markdown', 'json'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface ReportArgs<F extends string> {
  readonly first: string;
  readonly second: string;
  readonly format: ReportFormat;
  readonly output?: string;
  readonly failOn?: F;
}

function isOneOf<T extends string>(allowed: readonly T[], value: string): value is T {
  return (allowed as readonly string[]).includes(value);
}

/** `inputs` names the two files for the error, e.g. `contract files (OLD and NEW)`. */
export function parseReportArgs<F extends string>(
  argv: readonly string[],
  inputs: string,
  failOnChoices: readonly F[],
): ReportArgs<F> | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      format: { type: 'string', multiple: true },
      output: { type: 'string', multiple: true },
      'fail-on': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) return 'help';
  const [first, second] = positionals;
  if (positionals.length !== 2 || first === undefined || second === undefined) {
    throw new UsageError(`expected two ${inputs}, got ${String(positionals.length)}`);
  }
  const format = givenOnce('format', values.format) ?? 'markdown';
  if (!isOneOf(FORMATS, format)) {
    throw new UsageError(`--format ${JSON.stringify(format)} is not supported; expected markdown or json`);
  }
  const failOn = givenOnce('fail-on', values['fail-on']);
  if (failOn !== undefined && !isOneOf(failOnChoices, failOn)) {
    throw new UsageError(
      `--fail-on ${JSON.stringify(failOn)} is not supported; expected ${failOnChoices.join(', ')}`,
    );
  }
  const output = givenOnce('output', values.output);
  if (output === '') throw new UsageError('--output needs a file name');
  return {
    first,
    second,
    format,
    ...(output === undefined ? {} : { output }),
    ...(failOn === undefined ? {} : { failOn }),
  };
}

/** Whether two paths name one file: the same inode when both exist (links, `./`), else the same path. */
export function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Throws when `output` is one of the files the report is made from: writing it would replace the input
 * with the report, and the input is usually the only copy (a findings.json, a contract).
 */
export function refuseOutputOverInput(output: string | undefined, inputFiles: readonly string[]): void {
  if (output !== undefined && inputFiles.some((input) => sameFile(input, output))) {
    throw new UsageError(`--output ${output} is one of the inputs; write the report elsewhere`);
  }
}

/**
 * Prints the report, or writes it to `output` and prints its summary line. False when the file could not
 * be written (the reason is on stderr, prefixed with `command`).
 */
export async function emitReport(
  io: CommandIo,
  command: string,
  text: string,
  output: string | undefined,
  summary: string,
): Promise<boolean> {
  if (output === undefined) {
    io.stdout(text);
    return true;
  }
  try {
    await writeFile(output, text, 'utf8');
  } catch (error) {
    io.stderr(`keys-conformance ${command}: cannot write ${output} (${errorLine(error)})\n`);
    return false;
  }
  io.stdout(`${summary}; written to ${output}\n`);
  return true;
}
