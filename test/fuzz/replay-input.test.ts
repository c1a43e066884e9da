import { describe, expect, it } from 'vitest';
import { parseReplayInput } from '../../src/run/replay-input.ts';

/** A replay input read from a file is checked whole, and a bad one is named with where and what was expected. */

const REQUEST = {
  kind: 'request',
  operationId: 'UpdateKey',
  expect: 'accepted',
  key: { scheme: 'ECDSA', curve: 'secp256k1' },
  pathParams: { keyId: '{keyId}' },
  body: { json: { name: null } },
  description: 'a valid body',
};

const LIFECYCLE = {
  kind: 'lifecycle',
  steps: [
    { op: 'CreateKey', scheme: 'ECDSA', curve: 'secp256k1', delayDelegation: false },
    { op: 'UpdateKey', key: 0, name: null },
    { op: 'DeleteKey', key: 0 },
    { op: 'GenerateSignature', key: 0, hash: `0x${'00'.repeat(32)}` },
  ],
};

describe('parseReplayInput', () => {
  it.each([
    ['a request', REQUEST],
    [
      'a refused request with raw text and a query list',
      {
        kind: 'request',
        operationId: 'ListKeys',
        expect: 'refused',
        rule: '#/components/parameters/Limit/schema/maximum',
        query: { limit: ['1', '2'] },
        body: { raw: '{"a":', contentType: 'text/plain' },
        description: 'ListKeys query.limit: repeated',
      },
    ],
    ['a lifecycle sequence', LIFECYCLE],
  ])('reads %s as it was written', (_what, input) => {
    expect(parseReplayInput(input)).toEqual(input);
  });

  it.each([
    ['not an object', 'x', 'replay input: is not an object'],
    [
      'an unknown kind',
      { kind: 'batch' },
      'replay input .kind: is "batch"; expected one of request, lifecycle',
    ],
    [
      'an unknown expectation',
      { ...REQUEST, expect: 'maybe' },
      'replay input .expect: is "maybe"; expected one of accepted, accepted-or-refused, accepted-or-refused-found, refused',
    ],
    [
      'a refused input without its rule',
      { ...REQUEST, expect: 'refused' },
      'replay input .rule: is missing; a refused input names the rule it breaks',
    ],
    [
      'a numeric path parameter',
      { ...REQUEST, pathParams: { keyId: 7 } },
      'replay input .pathParams.keyId: is not a string',
    ],
    [
      'a body that is neither json nor raw',
      { ...REQUEST, body: { text: 'x' } },
      'replay input .body: holds neither "json" nor a "raw" string',
    ],
    [
      'an unknown curve',
      { ...REQUEST, key: { scheme: 'ECDSA', curve: 'p256' } },
      'replay input .key.curve: is "p256"; expected one of secp256k1, stark, ed25519',
    ],
    ['no steps', { kind: 'lifecycle', steps: [] }, 'replay input .steps: is not a non-empty array of steps'],
    [
      'an unknown step',
      { kind: 'lifecycle', steps: [{ op: 'RotateKey' }] },
      'replay input .steps[0].op: is "RotateKey"; expected one of CreateKey, ImportKey, UpdateKey, DeleteKey, DelegateKey, GenerateSignature, ExportKey, GetKey, ListKeys',
    ],
    [
      'a negative key index',
      { kind: 'lifecycle', steps: [{ op: 'DeleteKey', key: -1 }] },
      'replay input .steps[0].key: is not a key index (an integer from 0)',
    ],
    [
      'a short hash',
      { kind: 'lifecycle', steps: [{ op: 'GenerateSignature', key: 0, hash: '0x00' }] },
      'replay input .steps[0].hash: is not 32 bytes of hex',
    ],
    [
      'a numeric name',
      { kind: 'lifecycle', steps: [{ op: 'UpdateKey', key: 0, name: 5 }] },
      'replay input .steps[0].name: is neither a string nor null',
    ],
  ])('refuses %s, naming where and what was expected', (_what, input, message) => {
    expect(() => parseReplayInput(input)).toThrow(message);
  });
});
