import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';

/**
 * An option given twice to a command that takes it once is refused as `run` and `check` refuse it: left to
 * parseArgs, the last value would win and the first be dropped without a word (`--output a --output b`
 * writes b, and whoever looks for a finds nothing).
 */
const DIFF_USAGE =
  '(usage: keys-conformance diff OLD.yaml NEW.yaml [--format markdown|json] [--output FILE] [--fail-on breaking|breaking-client|breaking-server|any])';
const COMPARE_USAGE =
  '(usage: keys-conformance compare BASE NEW [--format markdown|json] [--output FILE] [--fail-on new])';
const MERGE_USAGE = '(usage: keys-conformance merge DIR... --output DIR)';
const REPORT_USAGE = '(usage: keys-conformance report [--reports DIR] [--output DIR] [--name NAME])';

const CASES: readonly { readonly argv: readonly string[]; readonly line: string }[] = [
  {
    argv: ['diff', 'a.yaml', 'b.yaml', '--output', 'x.md', '--output', 'y.md'],
    line: `keys-conformance diff: --output is given 2 times: give it once ${DIFF_USAGE}`,
  },
  {
    argv: ['diff', 'a.yaml', 'b.yaml', '--format', 'json', '--format', 'markdown'],
    line: `keys-conformance diff: --format is given 2 times: give it once ${DIFF_USAGE}`,
  },
  {
    argv: ['diff', 'a.yaml', 'b.yaml', '--fail-on', 'any', '--fail-on', 'breaking', '--fail-on', 'any'],
    line: `keys-conformance diff: --fail-on is given 3 times: give it once ${DIFF_USAGE}`,
  },
  {
    argv: ['compare', 'a', 'b', '--output', 'x.md', '--output', 'y.md'],
    line: `keys-conformance compare: --output is given 2 times: give it once ${COMPARE_USAGE}`,
  },
  {
    argv: ['merge', 'r1', 'r2', '--output', 'x', '-o', 'y'],
    line: `keys-conformance merge: --output is given 2 times: give it once ${MERGE_USAGE}`,
  },
  {
    argv: ['report', '--reports', 'a', '--reports', 'b'],
    line: `keys-conformance report: --reports is given 2 times: give it once ${REPORT_USAGE}`,
  },
  {
    argv: ['report', '--output', 'x', '--output', 'y'],
    line: `keys-conformance report: --output is given 2 times: give it once ${REPORT_USAGE}`,
  },
  {
    argv: ['report', '--name', 'a', '--name', 'b'],
    line: `keys-conformance report: --name is given 2 times: give it once ${REPORT_USAGE}`,
  },
];

describe('keys-conformance: an option given more than once', () => {
  let stderr: string[];

  beforeEach(() => {
    stderr = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      stderr.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(CASES)('$argv: exit 2 and one line naming the option', async ({ argv, line }) => {
    const code = await main([...argv]);
    expect({ code, stderr: stderr.join('') }).toEqual({ code: 2, stderr: `${line}\n` });
  });
});
