import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ReportedFinding, RunReport } from './run-report.ts';

/** Thrown for a findings file that cannot be used; the message is one line naming the file and the problem. */
export class FindingsFileError extends Error {
  override readonly name = 'FindingsFileError';
}

const SCHEMA_FILE = new URL('../../docs/findings.schema.json', import.meta.url);

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Validator = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string }[] | null;
};

let compiled: Validator | undefined;

function validator(): Validator {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: false, strict: true });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  return compiled;
}

function validate(data: unknown): string | undefined {
  const check = validator();
  if (check(data)) return undefined;
  const first = check.errors?.[0];
  return `${first?.instancePath === '' ? '(top level)' : (first?.instancePath ?? '')} ${first?.message ?? 'is invalid'}`;
}

/** Validates a report against docs/findings.schema.json; returns the first problem, or undefined. */
export function findingsReportProblem(report: unknown): string | undefined {
  return validate(report);
}

/**
 * Reads findings.json, or the findings.json inside a run directory, and checks it against its schema,
 * so `compare` and `--baseline` fail with a clear line instead of comparing garbage.
 */
export function readFindingsReport(fileOrDir: string): RunReport {
  let file = fileOrDir;
  try {
    if (statSync(fileOrDir).isDirectory()) file = join(fileOrDir, 'findings.json');
  } catch (error) {
    throw new FindingsFileError(
      `${fileOrDir}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FindingsFileError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new FindingsFileError(`${file}: not JSON`);
  }
  const problem = validate(data);
  if (problem !== undefined)
    throw new FindingsFileError(`${file}: not a keys-conformance findings file: ${problem}`);
  return data as RunReport;
}

/** The findings a baseline file accepts as known. */
export function baselineFindings(fileOrDir: string): readonly ReportedFinding[] {
  return readFindingsReport(fileOrDir).findings;
}
