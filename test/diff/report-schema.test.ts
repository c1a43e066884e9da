import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { DiffReport } from '../../src/diff/change.ts';
import { diffContracts } from '../../src/diff/diff-contracts.ts';
import { renderDiffJson } from '../../src/diff/json-report.ts';
import { loadAndDiff } from '../../src/diff/load.ts';
import { ALL_CHANGE_IDS } from '../../src/diff/rules.ts';
import { OPERATION_CASES } from './fixtures/operation-cases.ts';
import { SCHEMA_CASES } from './fixtures/schema-cases.ts';
import { PLACEMENTS, placedSpec } from './fixtures/spec-builders.ts';
import {
  CURRENT_CONTRACT,
  FIXTURE_NEW,
  FIXTURE_OLD,
  PREVIOUS_CONTRACT,
  REPORT_SCHEMA,
  realContractsPresent,
} from './paths.ts';

const schema = JSON.parse(readFileSync(REPORT_SCHEMA, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const sources = { oldSource: 'old.yaml', newSource: 'new.yaml' };

// What a consumer of `--format json` reads: the rendered text parsed back.
function asWritten(report: DiffReport): unknown {
  return JSON.parse(renderDiffJson(report));
}

function errorsOf(value: unknown): string {
  validate(value);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ');
}

describe('docs/diff-report.schema.json', () => {
  it('accepts the report of the CLI fixture pair', async () => {
    expect(errorsOf(asWritten(await loadAndDiff(FIXTURE_OLD, FIXTURE_NEW)))).toBe('');
  });

  it('accepts reports holding every schema change kind', () => {
    for (const placement of PLACEMENTS) {
      for (const c of SCHEMA_CASES) {
        const report = diffContracts(placedSpec(placement, c.old), placedSpec(placement, c.new), sources);
        expect(errorsOf(asWritten(report)), c.name).toBe('');
      }
    }
  });

  it('accepts reports holding every operation change kind', () => {
    for (const c of OPERATION_CASES)
      expect(errorsOf(asWritten(diffContracts(c.old, c.new, sources))), c.name).toBe('');
  });

  it.skipIf(!realContractsPresent)('accepts the report of specs/1.795.3.yaml → openapi.yaml', async () => {
    expect(errorsOf(asWritten(await loadAndDiff(PREVIOUS_CONTRACT, CURRENT_CONTRACT)))).toBe('');
  });

  it('accepts an empty diff', async () => {
    expect(errorsOf(asWritten(await loadAndDiff(FIXTURE_OLD, FIXTURE_OLD)))).toBe('');
  });

  it('enumerates exactly the ids the diff can emit', () => {
    const defs = schema.$defs as { change: { properties: { id: { enum: string[] } } } };
    expect([...defs.change.properties.id.enum].sort()).toEqual([...ALL_CHANGE_IDS].sort());
  });

  it.each([
    ['an unknown change id', { id: 'something-else' }, '/changes/0/id'],
    ['an unknown class', { class: 'breaking' }, '/changes/0/class'],
    ['a two-line message', { message: 'one\ntwo' }, '/changes/0/message'],
    ['a pointer that is not a fragment', { newPointer: 'components/schemas/Key' }, '/changes/0/newPointer'],
  ])('rejects %s', async (_name, patch, path) => {
    const report = asWritten(await loadAndDiff(FIXTURE_OLD, FIXTURE_NEW)) as {
      changes: Record<string, unknown>[];
    };
    report.changes[0] = { ...report.changes[0], ...patch };
    expect(validate(report)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain(path);
  });
});

describe('the summary', () => {
  it('counts the changes of each class', async () => {
    const report = await loadAndDiff(FIXTURE_OLD, FIXTURE_NEW);
    const count = (cls: string) => report.changes.filter((c) => c.class === cls).length;
    const alsoServers = report.changes.filter((c) => c.alsoBreaksServers === true).length;
    expect(report.summary).toEqual({
      breakingClient: count('breaking-client'),
      breakingServer: count('breaking-server') + alsoServers,
      nonBreaking: count('non-breaking'),
    });
    expect(alsoServers).toBeGreaterThan(0);
    expect(report.changes.length).toBeGreaterThan(0);
  });
});
