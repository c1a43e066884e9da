import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * A target without an operation: the reference with derive-not-routed answers DeriveKey's path 404, as
 * an unknown path. The run names the cause once (reason, summary.md, findings.json `unrouted`), and the
 * profile setting it advises makes the same target conformant.
 */
const SUITES = ['--suite', 'contract/derive,auth/user-action', '--reference-fault', 'derive-not-routed'];
let faulty: CliResult;
let advised: CliResult;

beforeAll(async () => {
  const dir = scratchDir('kc-unrouted-');
  const profile = join(dir, 'no-derive.yaml');
  writeFileSync(profile, 'extends: full\nname: no-derive\ncapabilities:\n  derive: false\n');
  [faulty, advised] = await Promise.all([
    runCli(['run', ...SUITES, '--seed', '1']),
    runCli(['run', ...SUITES, '--seed', '1', '--profile', profile]),
  ]);
}, 180_000);

describe('a run against a target that does not implement DeriveKey', () => {
  it('DeriveKey: findings.json names it unrouted, answered only 404, with the derive capability', () => {
    expect(
      faulty.report?.unrouted?.map((op) => [op.operationId, Object.keys(op.statuses), op.capability]),
    ).toEqual([['DeriveKey', ['404'], 'derive']]);
  });

  it('DeriveKey: the one-line reason names it', () => {
    expect(faulty.report?.reason).toMatch(/DeriveKey looks unimplemented: all \d+ calls answered 404/);
  });

  it('DeriveKey: summary.md advises the profile setting that leaves it out', () => {
    expect(readFileSync(join(faulty.reportsDir, 'summary.md'), 'utf8')).toContain(
      'set `capabilities.derive: false` in the profile',
    );
  });

  it('DeriveKey: with that setting the same target is conformant, its tests not applicable', () => {
    expect([
      advised.code,
      advised.report?.verdict,
      (advised.report?.counts.tests['not-applicable'] ?? 0) > 0,
    ]).toEqual([0, 'conformant', true]);
  });
});
