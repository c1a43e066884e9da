import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderComparisonJson } from '../../src/report/compare-command.ts';
import { compare, type Comparison } from '../../src/report/compare.ts';
import { ALL_TESTS, FAULTS, runReport } from './run-reports.ts';

const SCHEMA = fileURLToPath(new URL('../../docs/compare-report.schema.json', import.meta.url));
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const validate = addFormats(new Ajv2020({ strict: true, allErrors: true })).compile(
  JSON.parse(readFileSync(SCHEMA, 'utf8')) as object,
);

// What a consumer of `--format json` reads: the rendered text parsed back.
const asWritten = (c: Comparison): Record<string, unknown> =>
  JSON.parse(renderComparisonJson(c)) as Record<string, unknown>;

function errorsOf(value: unknown): string {
  validate(value);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ');
}

const base = runReport({ findings: [FAULTS.schema, FAULTS.header, FAULTS.fuzzed] });
const next = runReport({
  findings: [
    FAULTS.schema,
    FAULTS.schema,
    FAULTS.highS,
    { checkId: 'run_wide', severity: 'low', message: 'm' },
  ],
  notApplicable: [ALL_TESTS[0]!],
  run: { profile: 'dfns', shard: '1/2', contract: { source: 'specs/1.795.3.yaml', version: '1.795.3' } },
});

describe('docs/compare-report.schema.json', () => {
  it.each([
    ['new, fixed, still failing and context changes', compare(base, next, { base: 'a', next: 'b' })],
    ['two clean runs', compare(runReport(), runReport())],
    ['a run with itself', compare(base, base)],
    ['a failed run', compare(runReport({ verdict: 'run-failed', reason: 'target unreachable' }), next)],
  ])('accepts the JSON of %s', (_name, comparison) => {
    expect(errorsOf(asWritten(comparison))).toBe('');
  });

  it.each([
    ['an unknown status', (f: Record<string, unknown>) => ({ ...f, status: 'regressed' }), '/status'],
    [
      'a fingerprint of the wrong form',
      (f: Record<string, unknown>) => ({ ...f, fingerprint: 'XYZ' }),
      '/fingerprint',
    ],
    ['a new finding without "confirmed"', ({ confirmed: _c, ...f }: Record<string, unknown>) => f, ''],
    ['a two-line note', (f: Record<string, unknown>) => ({ ...f, note: 'one\ntwo' }), '/note'],
  ])('rejects %s', (_name, patch, path) => {
    const written = asWritten(compare(runReport(), runReport({ findings: [FAULTS.highS] })));
    const groups = written.groups as { findings: Record<string, unknown>[] }[];
    groups[0]!.findings[0] = patch(groups[0]!.findings[0]!);
    expect(validate(written)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain(`/groups/0/findings/0${path}`);
  });

  it('rejects "confirmed" on a still-failing finding', () => {
    const written = asWritten(compare(base, base));
    const groups = written.groups as { findings: Record<string, unknown>[] }[];
    groups[0]!.findings[0] = { ...groups[0]!.findings[0], confirmed: true };
    expect(validate(written)).toBe(false);
  });
});
