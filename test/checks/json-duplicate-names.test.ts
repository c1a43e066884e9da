import { describe, expect, it } from 'vitest';
import { duplicateNames } from '../../src/checks/json-duplicate-names.ts';

/** src/checks/json-duplicate-names.ts: what JSON.parse hides, found in the text. */
describe('duplicateNames', () => {
  it.each([
    ['no object', '[1, "a", true, null]', []],
    ['unique names', '{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}', []],
    [
      'a name twice at the top',
      '{"id": "a", "status": "Archived", "id": "b"}',
      [{ pointer: '/id', name: 'id' }],
    ],
    [
      'a name twice in an object of an array',
      '{"items": [{"id": "a"}, {"id": "b", "status": 1, "status": 2}]}',
      [{ pointer: '/items/1/status', name: 'status' }],
    ],
    ['names compared decoded', '{"a": 1, "\\u0061": 2}', [{ pointer: '/a', name: 'a' }]],
    ['a string value equal to a name is no name', '{"a": "a", "b": "a"}', []],
    ['quotes, commas and braces inside strings', '{"x": "\\"}, {\\"x\\": [", "y": ",{"}', []],
    ['a name with / and ~ in the pointer', '{"a/b~": 1, "a/b~": 2}', [{ pointer: '/a~1b~0', name: 'a/b~' }]],
    ['an empty name twice', '{"": 1, "": 2}', [{ pointer: '/', name: '' }]],
    ['same names in sibling objects', '[{"a": 1}, {"a": 1}]', []],
  ] as const)('%s', (_what, text, expected) => {
    JSON.parse(text);
    expect(duplicateNames(text)).toEqual(expected);
  });

  it('stops at the limit', () => {
    const text = `{${Array.from({ length: 10 }, () => '"a": 1').join(',')}}`;
    expect(duplicateNames(text, 3)).toHaveLength(3);
  });
});
