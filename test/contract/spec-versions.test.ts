import { describe, expect, it } from 'vitest';
import {
  childPointer,
  loadContract,
  validateRequestBody,
  validateResponse,
} from '../../src/contract/index.ts';
import { CURRENT, PREVIOUS } from './fixtures/contract-files.ts';
import { GOOD_RESPONSES, KEY_ID } from './fixtures/good-responses.ts';

const current = loadContract(CURRENT);
const previous = loadContract(PREVIOUS);

/** Pointers where two documents differ: a key on one side only, a different scalar, or a different list. */
function differences(a: unknown, b: unknown, pointer = '#'): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      key in a && key in b
        ? differences(a[key], b[key], childPointer(pointer, key))
        : [childPointer(pointer, key)],
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [pointer];
}

const EXAMPLES = '#/paths/~1keys/post/requestBody/content/application~1json/examples';

describe('specs/1.795.3.yaml against openapi.yaml (1.807.0)', () => {
  it('differs exactly where keys-api.md records a change between the two versions', () => {
    expect(differences(previous.document, current.document).sort()).toEqual(
      [
        '#/info/version',
        '#/info/description',
        // CreateKey deriveFrom (with its derivation-path pattern) and storeId, new in 1.807.0.
        '#/components/schemas/CreateKeyBody/properties/deriveFrom',
        '#/components/schemas/CreateKeyBody/properties/storeId',
        '#/components/schemas/DerivationPath',
        '#/paths/~1keys/post/description',
        `${EXAMPLES}/childKey`,
        `${EXAMPLES}/inKeyStore`,
        // The signature id pattern, and maxLength 64 on the path parameters, new in 1.807.0.
        '#/components/schemas/SignatureId/pattern',
        '#/components/parameters/KeyId/schema/maxLength',
        '#/components/parameters/SignatureId/schema/maxLength',
        // XLayer and XLayerSepolia, added to the networks in 1.796.0.
        '#/components/schemas/Network/enum',
      ].sort(),
    );
  });

  it('lacks exactly XLayer and XLayerSepolia among the networks', () => {
    const networks = (doc: { resolve: (p: string) => unknown }) =>
      doc.resolve('#/components/schemas/Network/enum') as string[];
    expect(networks(current).filter((n) => !networks(previous).includes(n))).toEqual([
      'XLayer',
      'XLayerSepolia',
    ]);
    expect(networks(previous).filter((n) => !networks(current).includes(n))).toEqual([]);
  });

  it('rejects CreateKey deriveFrom at 1.795.3 and accepts it at 1.807.0', () => {
    const body = { scheme: 'ECDSA', curve: 'secp256k1', deriveFrom: { keyId: KEY_ID } };
    expect(validateRequestBody(current, current.operation('CreateKey'), body)).toEqual([]);
    expect(validateRequestBody(previous, previous.operation('CreateKey'), body)).toEqual([
      expect.objectContaining({
        pointer: '#/components/schemas/CreateKeyBody/additionalProperties',
        instancePath: '/deriveFrom',
      }),
    ]);
  });

  it('accepts any signature id at 1.795.3 and only the sig- pattern at 1.807.0', () => {
    const body = JSON.stringify({ ...(GOOD_RESPONSES.GetSignature!.body as object), id: 'sr-1' });
    const response = { status: 200, headers: { 'content-type': 'application/json' }, body };
    expect(validateResponse(previous, previous.operation('GetSignature'), response)).toEqual([]);
    expect(
      validateResponse(current, current.operation('GetSignature'), response).map((v) => v.pointer),
    ).toEqual(['#/components/schemas/SignatureId/pattern']);
  });
});
