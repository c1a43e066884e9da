import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * A fuzz property the time budget stops before its --runs judged fewer inputs than asked: the run may still
 * be conformant, but it says so, rather than pass the coverage it did not have.
 */
describe('a fuzz run whose time budget is too short for its runs', () => {
  let result: CliResult;

  beforeAll(async () => {
    result = await runCli([
      'run',
      '--suite',
      'fuzz/parameters',
      '--grep',
      'ListKeys: fuzzed valid parameters',
      '--runs',
      '1000000',
      '--time-budget',
      '2s',
    ]);
  }, 130_000);

  it('ListKeys: records in findings.json how many inputs the property judged of its runs', () => {
    const test = result.report?.tests.find((t) => t.state === 'passed');
    expect(test?.budgetCut?.runs).toBe(1_000_000);
    expect(test?.budgetCut?.judged).toBeGreaterThan(0);
    expect(test?.budgetCut?.judged).toBeLessThan(1_000_000);
  });

  it('ListKeys: says so on the verdict line and in summary.md', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^CONFORMANT: .*; 1 fuzz property stopped at --time-budget before its runs/m,
    );
    const summary = readFileSync(join(result.reportsDir, 'summary.md'), 'utf8');
    expect(summary).toMatch(
      /^Time budget: 1 fuzz property stopped before its runs \(inputs judged: ListKeys valid parameters \d+ of 1000000\)/m,
    );
  });
});
