import { describe, expect, it } from 'vitest';
import {
  duplicateKeyIn,
  MALFORMED_JSON_VARIANTS,
  malformedJson,
  withDuplicateMember,
} from '../../generators/raw-json.ts';

describe('duplicateKeyIn', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"x":{"b":1,"b":2}}', 'b'],
    ['[{"c":1},{"c":2,"d":{"c":3},"c":4}]', 'c'],
    ['{"k":"\\"a\\",\\"a\\"","k":0}', 'k'],
  ])('finds the repeated name in %s', (text, name) => {
    expect(duplicateKeyIn(text)).toBe(name);
  });

  it.each([
    ['{"a":1,"b":{"a":2}}'],
    ['[{"a":1},{"a":2}]'],
    ['{"a":"a","b":["a","a"]}'],
    ['{"a":"{\\"a\\":1,\\"a\\":2}"}'],
    ['"a"'],
    ['{}'],
  ])('finds none in %s', (text) => {
    expect(duplicateKeyIn(text)).toBeUndefined();
  });
});

describe('withDuplicateMember', () => {
  it('appends the member again, which JSON.parse lets win', () => {
    const text = withDuplicateMember('{"scheme":"ECDSA","curve":"stark"}', 'scheme', '12345');
    expect(text).toBe('{"scheme":"ECDSA","curve":"stark","scheme":12345}');
    expect(duplicateKeyIn(text)).toBe('scheme');
    expect((JSON.parse(text) as { scheme: unknown }).scheme).toBe(12345);
  });
});

describe('malformedJson', () => {
  const texts = ['{"a":1}', '{}', '[]', '{"s":"it\'s \\"quoted\\""}', '{"n":[1,2,{"x":null}]}'];
  const cases = texts.flatMap((text) => MALFORMED_JSON_VARIANTS.map((variant) => [variant, text] as const));

  it.each(cases)('%s of %s is not JSON, and not empty', (variant, text) => {
    const broken = malformedJson(text, variant);
    expect(broken).not.toBe('');
    expect(() => JSON.parse(broken) as unknown).toThrow(SyntaxError);
  });

  it.each([1, 3, 6])('truncates at a chosen point (%i)', (cut) => {
    expect(malformedJson('{"a":123}', 'truncated', cut)).toBe('{"a":123}'.slice(0, cut));
  });
});
