import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/checks/check-ids.ts';
import { SUITES } from '../../src/run/run-settings.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('starts with the two commands: the full run, then the tests', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim().split('\n') ?? [];
    expect(block.map((line) => line.split('#')[0]?.trim())).toEqual([
      'npm ci && npx keys-conformance run',
      'npm test',
    ]);
  });

  it.each(CHECK_IDS)('names the check %s', (id) => {
    expect(readme).toContain(`\`${id}\``);
  });

  it.each(SUITES)('describes the suite %s', (suite) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${suite}\` +\\|`, 'm'));
  });
});
