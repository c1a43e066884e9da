import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.ts';
import { valueAtPointer } from '../../src/diff/json-pointer.ts';
import { EQUIVALENT_CASES, SCHEMA_CASES, type SchemaCase } from './fixtures/schema-cases.ts';
import {
  PLACEMENTS,
  placedSpec,
  placementLocation,
  sPointer,
  type Placement,
} from './fixtures/spec-builders.ts';

function diffCase(c: SchemaCase, placement: Placement) {
  const oldDoc = placedSpec(placement, c.old);
  const newDoc = placedSpec(placement, c.new);
  return {
    oldDoc,
    newDoc,
    report: diffContracts(oldDoc, newDoc, { oldSource: 'old.yaml', newSource: 'new.yaml' }),
  };
}

// The parameter is named `q`, so its fields are rooted there.
function expectedField(placement: Placement, field: string | undefined): string | undefined {
  if (placement !== 'query-parameter') return field;
  if (field === undefined) return 'q';
  return /^[[(]/.test(field) ? `q${field}` : `q.${field}`;
}

const rows = PLACEMENTS.flatMap((placement) => SCHEMA_CASES.map((c) => ({ placement, name: c.name, c })));

describe('schema changes: kind, class and both pointers, at each placement', () => {
  it.each(rows)('$placement: $name', ({ placement, c }) => {
    const { report } = diffCase(c, placement);
    const side = placement === 'response-body' ? 'response' : 'request';
    const expected = c.changes.map((e) => ({
      id: `${side}-${e.kind}`,
      class: e.classes[side],
      location: placementLocation(placement),
      oldPointer: sPointer(e.oldPointer),
      newPointer: sPointer(e.newPointer),
      field: expectedField(placement, e.field),
    }));
    const actual = report.changes.map((ch) => ({
      id: ch.id,
      class: ch.alsoBreaksServers === true ? `${ch.class} + server` : ch.class,
      location: ch.location,
      oldPointer: ch.oldPointer,
      newPointer: ch.newPointer,
      field: ch.field,
    }));
    expect(actual).toEqual(expect.arrayContaining(expected));
    expect(actual).toHaveLength(expected.length);
  });

  it.each(rows)('$placement: $name: every pointer resolves in its own file', ({ placement, c }) => {
    const { report, oldDoc, newDoc } = diffCase(c, placement);
    for (const ch of report.changes) {
      expect(
        valueAtPointer(oldDoc, ch.oldPointer ?? ''),
        `${ch.id} old ${ch.oldPointer ?? ''}`,
      ).toBeDefined();
      expect(
        valueAtPointer(newDoc, ch.newPointer ?? ''),
        `${ch.id} new ${ch.newPointer ?? ''}`,
      ).toBeDefined();
    }
  });
});

describe('schema pairs that differ in form only', () => {
  const equivalent = PLACEMENTS.flatMap((placement) =>
    EQUIVALENT_CASES.map((c) => ({ placement, name: c.name, c })),
  );
  it.each(equivalent)('$placement: $name gives no change', ({ placement, c }) => {
    expect(diffCase(c, placement).report.changes).toEqual([]);
  });
});

describe('messages', () => {
  it('name the field, what changed and why, on one line', () => {
    const c = SCHEMA_CASES.find((x) => x.name === 'optional property added to a closed object')!;
    const [change] = diffCase(c, 'request-body').report.changes;
    expect(change?.message).toBe(
      '`b`: optional property added; old servers reject requests that carry it (the old object forbids unknown properties)',
    );
  });

  it('name a parameter as a parameter', () => {
    const c = SCHEMA_CASES.find((x) => x.name === 'maxLength added')!;
    const [change] = diffCase(c, 'query-parameter').report.changes;
    expect(change?.message).toMatch(
      /^parameter `q`: maxLength 2 added; requests valid under the old contract/,
    );
  });

  it('say the tool cannot tell how two patterns relate, not that neither contains the other', () => {
    const c = SCHEMA_CASES.find((x) => x.name === 'pattern changed')!;
    const [change] = diffCase(c, 'response-body').report.changes;
    expect(change?.message).toMatch(/^body: pattern `\^a` → `\^b`; cannot tell whether one pattern admits /);
    expect(change?.message).not.toContain('neither value set contains the other');
  });

  it('say a response property that became optional may be absent', () => {
    const c = SCHEMA_CASES.find((x) => x.name === 'property became optional')!;
    const [change] = diffCase(c, 'response-body').report.changes;
    expect(change?.message).toBe(
      '`a`: property is no longer required; old clients that read it may find it absent',
    );
  });

  it('list the enum values that were added', () => {
    const c = SCHEMA_CASES.find((x) => x.name === 'enum value added')!;
    const [change] = diffCase(c, 'response-body').report.changes;
    expect(change?.message).toContain('enum values added: `b`;');
    expect(change).toMatchObject({ before: ['a'], after: ['a', 'b'] });
  });
});
