import { describe, expect, it } from 'vitest';
import { ALL_CHANGE_IDS } from '../../src/diff/rules.ts';
import { OPERATION_CASES } from './fixtures/operation-cases.ts';
import { SCHEMA_CASES } from './fixtures/schema-cases.ts';

// Schema cases run on the request side (body, parameter) and on the response side, so each kind they
// expect covers both of its ids.
const covered = new Set([
  ...SCHEMA_CASES.flatMap((c) => c.changes.flatMap((e) => [`request-${e.kind}`, `response-${e.kind}`])),
  ...OPERATION_CASES.map((c) => c.expected.id),
]);

describe('the change-kind tables', () => {
  it('exercise every id the diff can emit', () => {
    expect(ALL_CHANGE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('expect no id the diff does not know', () => {
    expect([...covered].filter((id) => !ALL_CHANGE_IDS.includes(id))).toEqual([]);
  });

  it('use stable kebab-case ids', () => {
    for (const id of ALL_CHANGE_IDS) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
