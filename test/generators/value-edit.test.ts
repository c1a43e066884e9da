import { describe, expect, it } from 'vitest';
import {
  deeplyNested,
  instancePointer,
  jsonWithRawValue,
  readablePath,
  removeAt,
  setAt,
  valueAt,
} from '../../generators/value-edit.ts';
import { GeneratorError } from '../../generators/generator-error.ts';

const body = { a: { b: [1, { c: 'x' }] }, untouched: { big: 'y' } };

describe('setAt and removeAt', () => {
  it('replace one value and copy only the path to it', () => {
    const edited = setAt(body, ['a', 'b', 1, 'c'], 'z') as typeof body;
    expect(valueAt(edited, ['a', 'b', 1, 'c'])).toBe('z');
    expect(body.a.b[1]).toEqual({ c: 'x' });
    expect(edited.untouched).toBe(body.untouched);
  });

  it('add a property that was not there', () => {
    expect(setAt(body, ['a', 'new'], null)).toEqual({ ...body, a: { ...body.a, new: null } });
  });

  it('make "__proto__" an own property, never the prototype', () => {
    const edited = setAt({}, ['__proto__'], { polluted: true }) as Record<string, unknown>;
    expect(Object.hasOwn(edited, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(edited)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('remove a property or an item', () => {
    expect(removeAt(body, ['a', 'b', 0])).toEqual({ ...body, a: { b: [{ c: 'x' }] } });
    expect(removeAt(body, ['untouched'])).toEqual({ a: body.a });
  });

  it('refuse to edit below a value that is not an object or array', () => {
    expect(() => setAt(body, ['untouched', 'big', 'x'], 1)).toThrow(GeneratorError);
    expect(() => removeAt(body, [])).toThrow(/cannot remove the root/);
  });
});

describe('jsonWithRawValue', () => {
  it.each([
    ['-0', '{"a":{"b":[1,-0]},"untouched":{"big":"y"}}'],
    ['1e309', '{"a":{"b":[1,1e309]},"untouched":{"big":"y"}}'],
    ['NaN', '{"a":{"b":[1,NaN]},"untouched":{"big":"y"}}'],
    ['"\\ud800"', '{"a":{"b":[1,"\\ud800"]},"untouched":{"big":"y"}}'],
  ])('writes %s verbatim in place of the value', (literal, expected) => {
    expect(jsonWithRawValue(body, ['a', 'b', 1], literal)).toBe(expected);
  });
});

describe('paths', () => {
  it.each([
    [[], '', ''],
    [['name'], '/name', '.name'],
    [
      ['encryptedKeyShares', 0, 'signerId'],
      '/encryptedKeyShares/0/signerId',
      '.encryptedKeyShares[0].signerId',
    ],
    [['a/b', 'x~y', 'two words'], '/a~1b/x~0y/two words', '["a/b"]["x~y"]["two words"]'],
  ] as const)('%j is %s as a pointer and %s to read', (path, pointer, readable) => {
    expect(instancePointer(path)).toBe(pointer);
    expect(readablePath(path)).toBe(readable);
  });
});

describe('deeplyNested', () => {
  it.each(['array', 'object'] as const)('nests %ss to the depth asked', (shape) => {
    let depth = 0;
    for (let v: unknown = deeplyNested(1500, shape); typeof v === 'object' && v !== null; depth++) {
      v = Array.isArray(v) ? v[0] : (v as { a?: unknown }).a;
    }
    expect(depth).toBe(1500);
  });
});
