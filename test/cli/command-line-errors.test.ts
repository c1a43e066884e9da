import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';

/**
 * A mistake on the command line gets one line naming the command and the flag, and exit code 2: never a
 * stack trace, never parseArgs' advice about positionals. `--seed -5` is the case users meet: parseArgs
 * cannot tell a negative number from a forgotten value, so the line says how to write it.
 */
interface Case {
  readonly argv: readonly string[];
  /** The whole first line written to stderr. */
  readonly line: string;
}

const CASES: readonly Case[] = [
  {
    argv: ['run', '--seed', '-5'],
    line: 'keys-conformance run: --seed needs a value; one that starts with "-" is written --seed=-… (see --help)',
  },
  { argv: ['run', '--runs'], line: 'keys-conformance run: --runs needs a value (see --help)' },
  { argv: ['run', '--bogus'], line: "keys-conformance run: unknown option '--bogus' (see --help)" },
  { argv: ['run', 'extra'], line: "keys-conformance run: unexpected argument 'extra' (see --help)" },
  { argv: ['replay', '--bogus'], line: "keys-conformance replay: unknown option '--bogus' (see --help)" },
  { argv: ['replay', '--target'], line: 'keys-conformance replay: --target needs a value (see --help)' },
  { argv: ['cleanup', '--ledger'], line: 'keys-conformance cleanup: --ledger needs a value' },
  { argv: ['check', '--bogus'], line: "keys-conformance check: unknown option '--bogus' (see --help)" },
  {
    argv: ['check', '--timeout', '1s', '--timeout', '2s'],
    line: 'keys-conformance check: --timeout is given 2 times: give it once (see --help)',
  },
  {
    argv: ['check', '--target', 'http://127.0.0.1:9/?token=s3cretq'],
    line: 'keys-conformance check: --target: "http://127.0.0.1:9/?token=…" must not carry a query or fragment (expected a base URL)',
  },
  {
    argv: ['reference', '--port', '-1'],
    line: 'keys-conformance reference: --port needs a value; one that starts with "-" is written --port=-… (see --help)',
  },
  {
    argv: ['reference', '--bogus'],
    line: "keys-conformance reference: unknown option '--bogus' (see --help)",
  },
  {
    argv: ['reference', '--port', 'x'],
    line: 'keys-conformance reference: --port must be a non-negative integer, got "x" (see --help)',
  },
  {
    argv: ['diff', '--output'],
    line: 'keys-conformance diff: --output needs a value (usage: keys-conformance diff OLD.yaml NEW.yaml [--format markdown|json] [--output FILE] [--fail-on breaking|breaking-client|breaking-server|any])',
  },
  {
    argv: ['compare', '--format'],
    line: 'keys-conformance compare: --format needs a value (usage: keys-conformance compare BASE NEW [--format markdown|json] [--output FILE] [--fail-on new])',
  },
  {
    argv: ['merge', '--output'],
    line: 'keys-conformance merge: --output needs a value (usage: keys-conformance merge DIR... --output DIR)',
  },
  {
    argv: ['report', '--help=yes'],
    line: "keys-conformance report: option '-h, --help' does not take an argument (usage: keys-conformance report [--reports DIR] [--output DIR] [--name NAME])",
  },
];

describe('keys-conformance command-line mistakes', () => {
  let stderr: string[];

  beforeEach(() => {
    stderr = [];
    const capture = (text: unknown): void => {
      stderr.push(String(text));
    };
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      capture(`${args.map(String).join(' ')}\n`);
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      capture(chunk);
      return true;
    });
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(CASES)('$argv: exit 2 and one line naming the mistake', async ({ argv, line }) => {
    const code = await main([...argv]);
    const text = stderr.join('');
    expect({ code, first: text.split('\n')[0] }).toEqual({ code: 2, first: line });
    expect(text).not.toMatch(/^\s+at /m);
  });
});

describe('keys-conformance --version', () => {
  it.each([['--version'], ['-V'], ['version']])(
    '%s prints the version package.json declares and exits 0',
    async (flag) => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
      try {
        expect(await main([flag])).toBe(0);
        expect(log.mock.calls).toEqual([[`keys-conformance ${version}`]]);
      } finally {
        log.mockRestore();
      }
    },
  );
});
