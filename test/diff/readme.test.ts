import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATION_RULES, SCHEMA_RULES } from '../../src/diff/rules.ts';

// src/diff/README.md states the classification for people; rules.ts for the code. They must agree.
const readme = readFileSync(new URL('../../src/diff/README.md', import.meta.url), 'utf8');

function tableRows(heading: string): string[][] {
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const rest = readme.slice(start + heading.length);
  const end = rest.search(/\n#{1,3} /);
  return (end < 0 ? rest : rest.slice(0, end))
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

const ids = (cell: string): string[] => [...cell.matchAll(/`([a-z-]+)`/g)].map((m) => m[1] ?? '');
const firstClass = (cell: string): string =>
  /^(breaking-client|breaking-server|non-breaking)/.exec(cell)?.[1] ?? cell;

describe('src/diff/README.md', () => {
  const schemaRows = tableRows('### Schema changes');
  const operationRows = tableRows('### Operation, parameter, body, status, media-type and security changes');

  it('lists every schema kind exactly once, with the classes rules.ts gives it', () => {
    const listed = schemaRows.flatMap(([kinds = '', request = '', response = '']) =>
      ids(kinds).map((kind) => ({ kind, request: firstClass(request), response: firstClass(response) })),
    );
    const expected = Object.entries(SCHEMA_RULES).map(([kind, rule]) => ({
      kind,
      request: rule.request.class,
      response: rule.response.class,
    }));
    expect(listed).toHaveLength(expected.length);
    expect(listed).toEqual(expect.arrayContaining(expected));
  });

  it('marks "+ server" on exactly the schema rules that also break servers (closed objects and required properties included)', () => {
    const marked = (cell: string): boolean => cell.includes('+ server');
    const listed = schemaRows.flatMap(([kinds = '', request = '', response = '']) =>
      ids(kinds).map((kind) => ({ kind, request: marked(request), response: marked(response) })),
    );
    const also = (kind: string, side: 'request' | 'response'): boolean => {
      const rule = SCHEMA_RULES[kind];
      return (
        (rule?.[side].alsoBreaksServers ??
          rule?.whenClosed?.[side]?.alsoBreaksServers ??
          rule?.whenRequired?.[side]?.alsoBreaksServers) !== undefined
      );
    };
    expect(listed).toEqual(
      listed.map(({ kind }) => ({ kind, request: also(kind, 'request'), response: also(kind, 'response') })),
    );
  });

  it('marks "+ server" on exactly the operation-level ids that also break servers (required items included)', () => {
    const listed = operationRows.flatMap(([id = '', cls = '']) =>
      ids(id).map((i) => ({ id: i, marked: cls.includes('+ server') })),
    );
    expect(listed).toEqual(
      listed.map(({ id }) => {
        const rule = OPERATION_RULES[id];
        return {
          id,
          marked: (rule?.alsoBreaksServers ?? rule?.whenRequired?.alsoBreaksServers) !== undefined,
        };
      }),
    );
  });

  it('names the closed-object exception where rules.ts has one', () => {
    const row = schemaRows.find(([kinds = '']) => ids(kinds).includes('optional-property-added'));
    expect(row?.[2]).toContain(`breaking-client if the old object is closed`);
    expect(SCHEMA_RULES['optional-property-added']?.whenClosed?.response?.class).toBe('breaking-client');
  });

  it('lists every operation-level id exactly once, with the class rules.ts gives it', () => {
    const listed = operationRows.flatMap(([id = '', cls = '']) =>
      ids(id).map((i) => ({ id: i, class: firstClass(cls) })),
    );
    const expected = Object.entries(OPERATION_RULES).map(([id, rule]) => ({ id, class: rule.class }));
    expect(listed).toHaveLength(expected.length);
    expect(listed).toEqual(expect.arrayContaining(expected));
  });
});
