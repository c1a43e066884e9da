import { describe, expect, it } from 'vitest';
import {
  abstractRequest,
  placeholdersOf,
  resolveRequest,
  secretFields,
  type FuzzRequest,
} from '../../src/run/replay-request.ts';

/**
 * A fuzzed request becomes target-independent and secret-free when a finding records it, and becomes a
 * request for another target again on replay: the same input, the same fingerprint, on any target.
 */
const KEY = 'key-abcde-fghij-0123456789abcdef';
const USER = 'us-kconf-users-kconfenduser001';
const BINDINGS = { keyId: KEY, endUserId: USER, 'signerId:0': 'c2lnbmVyMA==' };

function request(parts: Partial<FuzzRequest>): FuzzRequest {
  return { operationId: 'DelegateKey', expect: 'refused', rule: '#/x', description: 'd', ...parts };
}

describe('abstractRequest', () => {
  it.each([
    [
      'a path parameter that is the prepared key',
      request({ pathParams: { keyId: KEY } }),
      request({ pathParams: { keyId: '{keyId}' } }),
    ],
    [
      'a key id made one character too long',
      request({ pathParams: { keyId: `${KEY}x` } }),
      request({ pathParams: { keyId: '{keyId}x' } }),
    ],
    [
      'the end user in a JSON body',
      request({ body: { json: { delegateTo: USER } } }),
      request({ body: { json: { delegateTo: '{endUserId}' } } }),
    ],
    [
      'the end user in raw text (duplicate keys)',
      request({ body: { raw: `{"delegateTo":"${USER}","delegateTo":"${USER}"}` } }),
      request({ body: { raw: '{"delegateTo":"{endUserId}","delegateTo":"{endUserId}"}' } }),
    ],
    [
      'a bound value in a query list',
      request({ query: { owner: [USER, 'x'] } }),
      request({ query: { owner: ['{endUserId}', 'x'] } }),
    ],
    ['empty parameter lists', request({ pathParams: {}, query: {} }), request({})],
  ])('%s', (_what, concrete, expected) => {
    expect(abstractRequest(concrete, BINDINGS)).toEqual(expected);
  });

  it('replaces secret fields by placeholders that name them, in JSON and in raw text', () => {
    const share = 'c2VjcmV0IHNoYXJlIGNpcGhlcnRleHQ=';
    const json = abstractRequest(
      request({
        operationId: 'ImportKey',
        body: { json: { encryptedKeyShares: [{ signerId: 'c2lnbmVyMA==', encryptedKeyShare: share }] } },
      }),
      BINDINGS,
    );
    expect(json.body).toEqual({
      json: {
        encryptedKeyShares: [{ signerId: '{signerId:0}', encryptedKeyShare: '[secret:encryptedKeyShare]' }],
      },
    });
    const raw = abstractRequest(
      request({ body: { raw: `{"challengeIdentifier" : "${share}", "x": 1,` } }),
      BINDINGS,
    );
    expect(raw.body).toEqual({ raw: '{"challengeIdentifier" : "[secret:challengeIdentifier]", "x": 1,' });
    expect(JSON.stringify([json, raw])).not.toContain(share);
  });

  it('keeps the type a mutation gave a secret field, without its strings', () => {
    const abstracted = abstractRequest(
      request({ body: { json: { encryptedKeyShare: ['leaked', 7, null] } } }),
      BINDINGS,
    );
    expect(abstracted.body).toEqual({
      json: { encryptedKeyShare: ['[secret:encryptedKeyShare]', 7, null] },
    });
  });
});

describe('resolveRequest', () => {
  it('undoes abstractRequest with the same bindings', () => {
    const concrete = request({
      pathParams: { keyId: `${KEY}x` },
      query: { owner: [USER] },
      body: { json: { delegateTo: USER, other: '{not a placeholder}' } },
    });
    expect(resolveRequest(abstractRequest(concrete, BINDINGS), BINDINGS)).toEqual(concrete);
  });

  it('fills the placeholders with another target’s values and secrets made afresh, per field in order', () => {
    const input = request({
      pathParams: { keyId: '{keyId}' },
      body: { raw: '["[secret:encryptedKeyShare]","[secret:encryptedKeyShare]","[secret:clientData]"]' },
    });
    const resolved = resolveRequest(input, { keyId: 'key-other' }, (field, n) => `${field}#${n}`);
    expect(resolved.pathParams).toEqual({ keyId: 'key-other' });
    expect(resolved.body).toEqual({ raw: '["encryptedKeyShare#0","encryptedKeyShare#1","clientData#0"]' });
  });

  it('names a placeholder it has no value for', () => {
    expect(() => resolveRequest(request({ pathParams: { keyId: '{keyId}' } }), {})).toThrow(
      'the input refers to {keyId}, which this replay cannot provide',
    );
  });

  it('names a secret it cannot make', () => {
    expect(() => resolveRequest(request({ body: { json: { x: '[secret:privateKey]' } } }), {})).toThrow(
      'the input holds a privateKey, which this replay cannot make',
    );
  });
});

describe('what an input needs', () => {
  it('lists the placeholders and secrets it refers to, ignoring other braces', () => {
    const input = request({
      pathParams: { keyId: '{keyId}', signatureId: '{signatureId}' },
      body: {
        json: {
          a: '{signerId:2}',
          b: '{notOne}',
          shares: ['[secret:encryptedKeyShare]', '[secret:encryptedKeyShare]'],
        },
      },
    });
    expect([...placeholdersOf(input)].sort()).toEqual(['keyId', 'signatureId', 'signerId:2']);
    expect(Object.fromEntries(secretFields(input))).toEqual({ encryptedKeyShare: 2 });
  });
});
