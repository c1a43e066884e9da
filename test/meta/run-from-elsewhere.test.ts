import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * A run started from a folder with no package.json above it (a CI workspace, a home directory) names its
 * tests in the Allure results as a run started in the project does: by their path in the project.
 */
describe('a run started outside the project', () => {
  let result: CliResult;

  beforeAll(async () => {
    result = await runCli(['run', '--suite', 'negative/semantics'], { cwd: scratchDir('kc-meta-cwd-') });
  }, 130_000);

  it('names every Allure result by its path in the project, with no ..', () => {
    expect(result.code, result.stderr).toBe(0);
    const results = join(result.reportsDir, 'allure-results');
    const names = readdirSync(results)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => (JSON.parse(readFileSync(join(results, f), 'utf8')) as { fullName: string }).fullName);
    expect(names.length).toBeGreaterThan(0);
    expect(
      names.filter((name) => !name.startsWith('keys-conformance:suites/negative/semantics.test.ts#')),
    ).toEqual([]);
  });
});
