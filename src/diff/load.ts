import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { DiffReport } from './change.ts';
import { diffContracts } from './diff-contracts.ts';
import { DiffInputError } from './errors.ts';

/** Reads and parses a YAML or JSON file; throws a one-line DiffInputError naming the file and the problem. */
export async function readSpecFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new DiffInputError(
      `${file}: cannot read the file (${describeIoError(error)}); expected a readable OpenAPI YAML or JSON file`,
    );
  }
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `${file}:${String(pos.line)}:${String(pos.col)}` : file;
    // The parser repeats the position at the end of its message; the prefix already says it.
    const reason = (first.message.split('\n')[0] ?? first.code).replace(/ at line \d+, column \d+:?$/, '');
    throw new DiffInputError(`${where}: invalid YAML (${reason})`);
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (error) {
    // The library's alias errors name no file: an alias bomb, or an alias without its anchor.
    if (!(error instanceof ReferenceError)) throw error;
    throw new DiffInputError(
      `${file}: unusable YAML (${error.message.startsWith('Excessive alias count') ? 'its aliases expand to more than 1000 copies' : 'an alias names no anchor set before it'})`,
    );
  }
}

function describeIoError(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Reads two contract files and diffs them; the report names each file as given. */
export async function loadAndDiff(oldFile: string, newFile: string): Promise<DiffReport> {
  const [oldDoc, newDoc] = await Promise.all([readSpecFile(oldFile), readSpecFile(newFile)]);
  return diffContracts(oldDoc, newDoc, { oldSource: oldFile, newSource: newFile });
}
