import { describe, expect, it } from 'vitest';
import { childPointer, parsePointer, valueAtPointer } from '../../src/diff/json-pointer.ts';

const doc = {
  paths: { '/keys/{keyId}': { get: { parameters: [{ name: 'keyId' }] } } },
  'a~b': { 'c%d': 1 },
  list: [0, null],
};

describe('JSON pointers', () => {
  it.each([
    [['paths', '/keys/{keyId}', 'get'], '#/paths/~1keys~1{keyId}/get'],
    [['a~b', 'c%d'], '#/a~0b/c%d'],
    [['list', 1], '#/list/1'],
    [[], '#'],
  ])('childPointer(#, %j) = %s', (tokens, pointer) => {
    expect(childPointer('#', ...tokens)).toBe(pointer);
  });

  it.each([
    ['#/paths/~1keys~1{keyId}/get/parameters/0/name', 'keyId'],
    ['#/a~0b/c%25d', 1],
    ['#/list/1', null],
    ['#', doc],
  ])('valueAtPointer(%s)', (pointer, value) => {
    expect(valueAtPointer(doc, pointer)).toEqual(value);
  });

  it.each([['#/nope'], ['#/list/2'], ['#/list/01'], ['#/list/-'], ['paths'], ['#paths'], ['#/a~0b/c%zz']])(
    'valueAtPointer(%s) is undefined',
    (pointer) => {
      expect(valueAtPointer(doc, pointer)).toBeUndefined();
    },
  );

  it('parses escaped tokens in order: ~1 before ~0', () => {
    expect(parsePointer('#/~01')).toEqual(['~1']);
  });
});
