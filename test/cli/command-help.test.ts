import { describe, expect, it } from 'vitest';
import { runCli } from '../meta/run-cli.ts';

/**
 * `--help` of every command says what the command does, lists its options and states its exit codes: a CI
 * gate is written from the exit codes, and a usage line alone says none of that.
 */
const COMMANDS = ['run', 'check', 'replay', 'diff', 'compare', 'merge', 'report', 'cleanup', 'reference'];

describe('--help', () => {
  it.each(COMMANDS)('%s --help exits 0 with its usage, options and exit codes', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage: keys-conformance ${command}\\b`));
    expect(result.stdout).toMatch(/^\s+--[a-z]/m);
    expect(result.stdout).toMatch(/^Exit code/im);
  });
});
