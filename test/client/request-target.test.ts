import { describe, expect, it } from 'vitest';
import { encodeQuery, expandPathTemplate, resolveRequestTarget } from '../../src/client/request-target.ts';

describe('expandPathTemplate', () => {
  it.each([
    ['/keys/{keyId}', { keyId: 'key-1' }, '/keys/key-1'],
    ['/keys/{keyId}', { keyId: 'a/b c?d#e' }, '/keys/a%2Fb%20c%3Fd%23e'],
    ['/keys/{keyId}/signatures/{signatureId}', { keyId: 'k', signatureId: 7 }, '/keys/k/signatures/7'],
    ['/keys/{keyId}', { keyId: '..' }, '/keys/..'],
    ['/keys/{keyId}', { keyId: 'é' }, '/keys/%C3%A9'],
    ['/keys', {}, '/keys'],
  ])('%s with %j is %s', (template, params, expected) => {
    expect(expandPathTemplate(template, params)).toBe(expected);
  });

  it('a missing parameter is a programming error naming it', () => {
    expect(() => expandPathTemplate('/keys/{keyId}', {})).toThrow('pathParams.keyId is missing');
  });

  it('an unused parameter is a programming error naming it', () => {
    expect(() => expandPathTemplate('/keys', { keyId: 'k' })).toThrow(
      'pathParams.keyId is not a placeholder',
    );
  });
});

describe('encodeQuery', () => {
  it.each([
    [{ limit: 10, paginationToken: undefined }, 'limit=10'],
    [{ network: ['Ethereum', 'Bitcoin'] }, 'network=Ethereum&network=Bitcoin'],
    [{ q: 'a b&c=d' }, 'q=a%20b%26c%3Dd'],
    [{ flag: false }, 'flag=false'],
    [{}, ''],
  ])('%j is %s', (query, expected) => {
    expect(encodeQuery(query)).toBe(expected);
  });
});

describe('resolveRequestTarget', () => {
  const base = new URL('https://api.example.test/prefix/');

  it('keeps the base path prefix in the path as sent', () => {
    expect(resolveRequestTarget(base, '/keys').path).toBe('/prefix/keys');
  });

  it('reports the contract path without the prefix', () => {
    expect(resolveRequestTarget(base, '/keys/{keyId}', { keyId: 'k' }).apiPath).toBe('/keys/k');
  });

  it('puts the query in the URL but not in the path', () => {
    const target = resolveRequestTarget(base, '/keys', undefined, { limit: 5 });
    expect([target.path, target.url]).toEqual([
      '/prefix/keys',
      'https://api.example.test/prefix/keys?limit=5',
    ]);
  });

  it('a literal query in the path is kept and merged, and left out of the path', () => {
    const target = resolveRequestTarget(base, '/keys?limit=abc', undefined, { x: 1 });
    expect([target.path, target.pathWithQuery]).toEqual(['/prefix/keys', '/prefix/keys?limit=abc&x=1']);
  });

  it('a path without a leading slash is a programming error', () => {
    expect(() => resolveRequestTarget(base, 'keys')).toThrow('must start with "/"');
  });
});
