import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.ts';
import { loadAndDiff } from '../../src/diff/load.ts';
import { OPERATION_CASES } from './fixtures/operation-cases.ts';
import { SCHEMA_CASES } from './fixtures/schema-cases.ts';
import { PLACEMENTS, placedSpec } from './fixtures/spec-builders.ts';
import { FIXTURE_NEW, FIXTURE_OLD } from './paths.ts';

const sources = { oldSource: 'a.yaml', newSource: 'a.yaml' };

describe('a contract diffed with itself has no changes', () => {
  it.each([FIXTURE_OLD, FIXTURE_NEW])('%s', async (file) => {
    const report = await loadAndDiff(file, file);
    expect(report.changes).toEqual([]);
    expect(report.summary).toEqual({ breakingClient: 0, breakingServer: 0, nonBreaking: 0 });
  });

  const documents = [
    ...OPERATION_CASES.flatMap((c) => [
      { name: `${c.name} (old)`, doc: c.old },
      { name: `${c.name} (new)`, doc: c.new },
    ]),
    ...SCHEMA_CASES.flatMap((c) =>
      PLACEMENTS.flatMap((p) => [
        { name: `${c.name} at ${p} (old)`, doc: placedSpec(p, c.old) },
        { name: `${c.name} at ${p} (new)`, doc: placedSpec(p, c.new) },
      ]),
    ),
  ];

  it.each(documents)('$name', ({ doc }) => {
    expect(diffContracts(doc, structuredClone(doc), sources).changes).toEqual([]);
  });
});
