import { describe, expect, it } from 'vitest';
import {
  loadContract,
  validateParameters,
  validateRequest,
  validateRequestBody,
  valueAtPointer,
  type Violation,
} from '../../src/contract/index.ts';
import { CURRENT, mutate, PREVIOUS, REMOVE } from './fixtures/contract-files.ts';
import { KEY_ID } from './fixtures/good-responses.ts';

const contract = loadContract(CURRENT);

function body(operationId: string, value: unknown): Violation[] {
  return validateRequestBody(contract, contract.operation(operationId), value);
}

function expectOne(violations: readonly Violation[], pointer: string, instancePath: string): void {
  expect(violations).toEqual([expect.objectContaining({ pointer, instancePath })]);
  expect(valueAtPointer(contract.document, pointer)).not.toBeUndefined();
  expect(violations[0]!.message.startsWith(`${instancePath === '' ? '(root)' : instancePath}: `)).toBe(true);
}

const S = '#/components/schemas';

// Per operation with a body: a good body and the bad ones derived from it, each naming the rule it breaks.
const GOOD_BODIES: Readonly<Record<string, unknown>> = {
  CreateKey: { scheme: 'ECDSA', curve: 'secp256k1', deriveFrom: { keyId: KEY_ID, path: 'm/44/60/0/0/0' } },
  UpdateKey: { name: 'treasury key' },
  DelegateKey: { delegateTo: 'us-6b58p-r53sr-rlrd3l5cj3uc4ome' },
  DeriveKey: { domain: '0x6466', seed: 'abCD' },
  GenerateSignature: { kind: 'Hash', hash: `0x${'ab'.repeat(32)}`, externalId: 'e-1' },
  ImportKey: {
    curve: 'secp256k1',
    protocol: 'CGGMP21',
    minSigners: 3,
    encryptedKeyShares: [{ signerId: 'c2lnbmVy', encryptedKeyShare: 'ZmFrZQ' }],
  },
  ExportKey: { encryptionKey: 'AQNiFCgq', supportedSchemes: [{ protocol: 'CGGMP24', curve: 'secp256k1' }] },
  CreateUserActionChallenge: {
    userActionHttpMethod: 'POST',
    userActionHttpPath: '/keys',
    userActionPayload: '{}',
  },
  CreateUserActionSignature: {
    challengeIdentifier: 'fake.challenge.id',
    firstFactor: {
      kind: 'Key',
      credentialAssertion: { credId: 'cr-1', clientData: 'e30', signature: 'c2ln' },
    },
  },
};

type Path = readonly (string | number)[];
interface BadBody {
  readonly operationId: string;
  readonly rule: string;
  readonly path: Path;
  readonly value: unknown;
  readonly pointer: string;
  readonly instancePath: string;
}

const BAD_BODIES: readonly BadBody[] = [
  {
    operationId: 'CreateKey',
    rule: 'required',
    path: ['curve'],
    value: REMOVE,
    pointer: `${S}/CreateKeyBody/required`,
    instancePath: '/curve',
  },
  {
    operationId: 'CreateKey',
    rule: 'enum',
    path: ['scheme'],
    value: 'RSA',
    pointer: `${S}/KeyScheme/enum`,
    instancePath: '/scheme',
  },
  {
    operationId: 'CreateKey',
    rule: 'pattern',
    path: ['deriveFrom', 'path'],
    value: "m/44'/60",
    pointer: `${S}/DerivationPath/pattern`,
    instancePath: '/deriveFrom/path',
  },
  {
    operationId: 'CreateKey',
    rule: 'extra property',
    path: ['delete'],
    value: true,
    pointer: `${S}/CreateKeyBody/additionalProperties`,
    instancePath: '/delete',
  },
  {
    operationId: 'CreateKey',
    rule: 'maxLength',
    path: ['storeId'],
    value: 's'.repeat(65),
    pointer: `${S}/CreateKeyBody/properties/storeId/maxLength`,
    instancePath: '/storeId',
  },
  {
    operationId: 'UpdateKey',
    rule: 'required',
    path: ['name'],
    value: REMOVE,
    pointer: `${S}/UpdateKeyBody/required`,
    instancePath: '/name',
  },
  {
    operationId: 'UpdateKey',
    rule: 'maxLength',
    path: ['name'],
    value: 'n'.repeat(101),
    pointer: `${S}/UpdateKeyBody/properties/name/maxLength`,
    instancePath: '/name',
  },
  {
    operationId: 'UpdateKey',
    rule: 'type',
    path: ['name'],
    value: 7,
    pointer: `${S}/UpdateKeyBody/properties/name/type`,
    instancePath: '/name',
  },
  {
    operationId: 'UpdateKey',
    rule: 'extra property',
    path: ['status'],
    value: 'Archived',
    pointer: `${S}/UpdateKeyBody/additionalProperties`,
    instancePath: '/status',
  },
  {
    operationId: 'DelegateKey',
    rule: 'required',
    path: ['delegateTo'],
    value: REMOVE,
    pointer: `${S}/DelegateKeyBody/required`,
    instancePath: '/delegateTo',
  },
  {
    operationId: 'DelegateKey',
    rule: 'minLength',
    path: ['delegateTo'],
    value: '',
    pointer: `${S}/DelegateKeyBody/properties/delegateTo/minLength`,
    instancePath: '/delegateTo',
  },
  {
    operationId: 'DelegateKey',
    rule: 'extra property',
    path: ['userId'],
    value: 'us-1',
    pointer: `${S}/DelegateKeyBody/additionalProperties`,
    instancePath: '/userId',
  },
  {
    operationId: 'DeriveKey',
    rule: 'required',
    path: ['seed'],
    value: REMOVE,
    pointer: `${S}/DeriveKeyBody/required`,
    instancePath: '/seed',
  },
  {
    operationId: 'DeriveKey',
    rule: 'pattern',
    path: ['domain'],
    value: '0xabc',
    pointer: `${S}/HexString/pattern`,
    instancePath: '/domain',
  },
  {
    operationId: 'DeriveKey',
    rule: 'extra property',
    path: ['curve'],
    value: 'secp256k1',
    pointer: `${S}/DeriveKeyBody/additionalProperties`,
    instancePath: '/curve',
  },
  {
    operationId: 'GenerateSignature',
    rule: 'required',
    path: ['hash'],
    value: REMOVE,
    pointer: `${S}/GenerateSignatureHash/required`,
    instancePath: '/hash',
  },
  {
    operationId: 'GenerateSignature',
    rule: 'pattern',
    path: ['hash'],
    value: '0x1234',
    pointer: `${S}/Hash32/pattern`,
    instancePath: '/hash',
  },
  {
    operationId: 'GenerateSignature',
    rule: 'enum',
    path: ['network'],
    value: 'Atlantis',
    pointer: `${S}/Network/enum`,
    instancePath: '/network',
  },
  {
    operationId: 'GenerateSignature',
    rule: 'maxLength',
    path: ['externalId'],
    value: 'e'.repeat(51),
    pointer: `${S}/ExternalId/maxLength`,
    instancePath: '/externalId',
  },
  {
    operationId: 'GenerateSignature',
    rule: 'unknown kind',
    path: ['kind'],
    value: 'Hashed',
    pointer: `${S}/GenerateSignatureBody/discriminator`,
    instancePath: '/kind',
  },
  {
    operationId: 'GenerateSignature',
    rule: 'missing kind',
    path: ['kind'],
    value: REMOVE,
    pointer: `${S}/GenerateSignatureBody/discriminator`,
    instancePath: '/kind',
  },
  {
    operationId: 'ImportKey',
    rule: 'required',
    path: ['minSigners'],
    value: REMOVE,
    pointer: `${S}/ImportKeyBody/required`,
    instancePath: '/minSigners',
  },
  {
    operationId: 'ImportKey',
    rule: 'enum',
    path: ['curve'],
    value: 'p256',
    pointer: `${S}/KeyCurve/enum`,
    instancePath: '/curve',
  },
  {
    operationId: 'ImportKey',
    rule: 'exclusiveMinimum',
    path: ['minSigners'],
    value: 0,
    pointer: `${S}/ImportKeyBody/properties/minSigners/exclusiveMinimum`,
    instancePath: '/minSigners',
  },
  {
    operationId: 'ImportKey',
    rule: 'minItems',
    path: ['encryptedKeyShares'],
    value: [],
    pointer: `${S}/ImportKeyBody/properties/encryptedKeyShares/minItems`,
    instancePath: '/encryptedKeyShares',
  },
  {
    operationId: 'ImportKey',
    rule: 'extra property',
    path: ['scheme'],
    value: 'ECDSA',
    pointer: `${S}/ImportKeyBody/additionalProperties`,
    instancePath: '/scheme',
  },
  {
    operationId: 'ExportKey',
    rule: 'required',
    path: ['supportedSchemes'],
    value: REMOVE,
    pointer: `${S}/ExportKeyBody/required`,
    instancePath: '/supportedSchemes',
  },
  {
    operationId: 'ExportKey',
    rule: 'extra property (legacy delete flag)',
    path: ['delete'],
    value: false,
    pointer: `${S}/ExportKeyBody/additionalProperties`,
    instancePath: '/delete',
  },
  {
    operationId: 'ExportKey',
    rule: 'nested extra property',
    path: ['supportedSchemes', 0, 'scheme'],
    value: 'ECDSA',
    pointer: `${S}/ExportKeyBody/properties/supportedSchemes/items/additionalProperties`,
    instancePath: '/supportedSchemes/0/scheme',
  },
  {
    operationId: 'CreateUserActionChallenge',
    rule: 'required',
    path: ['userActionPayload'],
    value: REMOVE,
    pointer: `${S}/CreateUserActionChallengeBody/required`,
    instancePath: '/userActionPayload',
  },
  {
    operationId: 'CreateUserActionChallenge',
    rule: 'enum',
    path: ['userActionHttpMethod'],
    value: 'PATCH',
    pointer: `${S}/CreateUserActionChallengeBody/properties/userActionHttpMethod/enum`,
    instancePath: '/userActionHttpMethod',
  },
  {
    operationId: 'CreateUserActionChallenge',
    rule: 'extra property',
    path: ['body'],
    value: '{}',
    pointer: `${S}/CreateUserActionChallengeBody/additionalProperties`,
    instancePath: '/body',
  },
  {
    operationId: 'CreateUserActionSignature',
    rule: 'required',
    path: ['firstFactor'],
    value: REMOVE,
    pointer: `${S}/CreateUserActionSignatureBody/required`,
    instancePath: '/firstFactor',
  },
  {
    operationId: 'CreateUserActionSignature',
    rule: 'nested required',
    path: ['firstFactor', 'credentialAssertion', 'signature'],
    value: REMOVE,
    pointer: `${S}/KeyCredentialAssertion/required`,
    instancePath: '/firstFactor/credentialAssertion/signature',
  },
  {
    operationId: 'CreateUserActionSignature',
    rule: 'minLength',
    path: ['firstFactor', 'credentialAssertion', 'credId'],
    value: '',
    pointer: `${S}/KeyCredentialAssertion/properties/credId/minLength`,
    instancePath: '/firstFactor/credentialAssertion/credId',
  },
  {
    operationId: 'CreateUserActionSignature',
    rule: 'unknown factor kind',
    path: ['firstFactor', 'kind'],
    value: 'Password',
    pointer: `${S}/UserActionAssertion/discriminator`,
    instancePath: '/firstFactor/kind',
  },
];

describe('validateRequestBody', () => {
  it('has a good body for every operation that takes one', () => {
    const withBody = contract.operations.filter((o) => o.requestBody !== undefined).map((o) => o.operationId);
    expect(Object.keys(GOOD_BODIES).sort()).toEqual(withBody.sort());
  });

  it.each(Object.entries(GOOD_BODIES))('%s: accepts a good body', (operationId, value) => {
    expect(body(operationId, value)).toEqual([]);
  });

  it.each(
    contract.operations.flatMap((o) =>
      (o.requestBody?.examples ?? []).map((e) => [o.operationId, e.name, e.value] as const),
    ),
  )('%s: accepts the documented example %s', (operationId, _name, value) => {
    expect(body(operationId, value)).toEqual([]);
  });

  it.each(BAD_BODIES)('$operationId: rejects a body breaking $rule at $instancePath', (bad) => {
    expectOne(
      body(bad.operationId, mutate(GOOD_BODIES[bad.operationId], bad.path, bad.value)),
      bad.pointer,
      bad.instancePath,
    );
  });

  it.each(BAD_BODIES.filter((b) => ['enum', 'unknown kind'].includes(b.rule)))(
    '$operationId: names the allowed values when $rule fails',
    (bad) => {
      const [violation] = body(bad.operationId, mutate(GOOD_BODIES[bad.operationId], bad.path, bad.value));
      expect(violation!.message).toMatch(/one of "/);
    },
  );

  it('reports a missing required body, citing requestBody/required', () => {
    const operation = contract.operation('CreateKey');
    expectOne(body('CreateKey', undefined), `${operation.pointer}/requestBody/required`, '');
  });

  it('accepts DeleteKey with the `{}` body the TypeScript SDK sends, and with none', () => {
    expect(body('DeleteKey', {})).toEqual([]);
    expect(body('DeleteKey', undefined)).toEqual([]);
  });
});

describe('validateRequestBody: GenerateSignature, every kind', () => {
  const bodySchema = contract.resolve(
    '#/components/schemas/GenerateSignatureBody/discriminator/mapping',
  ) as Record<string, string>;
  const examples = contract.operation('GenerateSignature').requestBody!.examples;
  const kinds = Object.keys(bodySchema);
  const exampleOf = (kind: string) =>
    examples.find((e) => (e.value as { kind: string }).kind === kind)!.value as Record<string, unknown>;

  it('documents an example of every kind', () => {
    const documented = new Set(examples.map((e) => (e.value as { kind: string }).kind));
    expect([...documented].sort()).toEqual([...kinds].sort());
    expect(kinds).toHaveLength(15);
  });

  it.each(kinds)('%s: rejects an extra property, citing the variant', (kind) => {
    const value = { ...exampleOf(kind), unexpected: 1 };
    expectOne(
      body('GenerateSignature', value),
      `${S}/GenerateSignature${kind}/additionalProperties`,
      '/unexpected',
    );
  });

  it.each(kinds)('%s: rejects a missing required field, citing the variant', (kind) => {
    const variant = contract.resolve(`${S}/GenerateSignature${kind}`) as { required: string[] };
    const field = variant.required.find((name) => name !== 'kind')!;
    const value = mutate(exampleOf(kind), [field], REMOVE);
    expectOne(body('GenerateSignature', value), `${S}/GenerateSignature${kind}/required`, `/${field}`);
  });

  it.each(kinds)('%s: accepts the common optional fields', (kind) => {
    const value = {
      ...exampleOf(kind),
      network: 'Bitcoin',
      blockchainKind: 'Evm',
      externalId: 'x'.repeat(50),
    };
    expect(body('GenerateSignature', value)).toEqual([]);
  });
});

describe('validateParameters', () => {
  const listKeys = contract.operation('ListKeys');
  const listSignatures = contract.operation('ListSignatures');
  const getSignature = contract.operation('GetSignature');
  const P = '#/components/parameters';

  it.each(['1', '50', '500'])('ListKeys: accepts limit=%s', (limit) => {
    expect(validateParameters(contract, listKeys, { query: { limit } })).toEqual([]);
  });

  it.each([
    ['0', `${P}/Limit/schema/minimum`],
    ['501', `${P}/Limit/schema/maximum`],
    ['-1', `${P}/Limit/schema/minimum`],
    ['abc', `${P}/Limit/schema/type`],
    ['1.5', `${P}/Limit/schema/type`],
    ['', `${P}/Limit/schema/type`],
  ])('ListKeys: rejects limit=%j, citing %s', (limit, pointer) => {
    expectOne(validateParameters(contract, listKeys, { query: { limit } }), pointer, '/query/limit');
  });

  it.each([
    ['0', `${P}/SignatureListLimit/schema/minimum`],
    ['501', `${P}/SignatureListLimit/schema/maximum`],
  ])('ListSignatures: rejects limit=%s (inferred bounds), citing %s', (limit, pointer) => {
    expectOne(
      validateParameters(contract, listSignatures, { path: { keyId: KEY_ID }, query: { limit } }),
      pointer,
      '/query/limit',
    );
  });

  it('rejects a repeated single-valued parameter', () => {
    expectOne(
      validateParameters(contract, listKeys, { query: { limit: ['1', '2'] } }),
      `${P}/Limit/schema/type`,
      '/query/limit',
    );
  });

  it('accepts a single value given as a list', () => {
    expect(validateParameters(contract, listKeys, { query: { limit: ['5'] } })).toEqual([]);
  });

  it.each(['paginationToken', 'owner'])('rejects an empty %s', (name) => {
    const pointer = `${P}/${name === 'owner' ? 'Owner' : 'PaginationToken'}/schema/minLength`;
    expectOne(validateParameters(contract, listKeys, { query: { [name]: '' } }), pointer, `/query/${name}`);
  });

  it('ignores query parameters the contract does not document', () => {
    expect(validateParameters(contract, listKeys, { query: { status: 'Active' } })).toEqual([]);
  });

  it('rejects a missing path parameter, citing its required flag', () => {
    expectOne(
      validateParameters(contract, getSignature, { path: { keyId: KEY_ID } }),
      `${P}/SignatureId/required`,
      '/path/signatureId',
    );
  });

  it('rejects a keyId longer than 64 characters at 1.807.0', () => {
    expectOne(
      validateParameters(contract, getSignature, { path: { keyId: 'k'.repeat(65), signatureId: 's' } }),
      `${P}/KeyId/schema/maxLength`,
      '/path/keyId',
    );
  });

  it('accepts a keyId longer than 64 characters at 1.795.3, which had no maxLength', () => {
    const previous = loadContract(PREVIOUS);
    expect(
      validateParameters(previous, previous.operation('GetSignature'), {
        path: { keyId: 'k'.repeat(65), signatureId: 's' },
      }),
    ).toEqual([]);
  });

  it('puts no pattern on path ids: any non-empty id up to 64 characters passes', () => {
    expect(
      validateParameters(contract, getSignature, { path: { keyId: 'not-a-key-id', signatureId: '!' } }),
    ).toEqual([]);
  });
});

describe('validateRequest (a recorded request)', () => {
  const listKeys = contract.operation('ListKeys');
  const createKey = contract.operation('CreateKey');
  const request = (method: 'GET' | 'POST', path: string, query: string, requestBody?: string) => ({
    method,
    url: `http://127.0.0.1:8080${path}${query}`,
    path,
    headers: {},
    ...(requestBody === undefined ? {} : { body: requestBody }),
  });

  it('reads query parameters from the URL', () => {
    expect(
      validateRequest(contract, listKeys, request('GET', '/keys', '?limit=0')).map((v) => v.pointer),
    ).toEqual(['#/components/parameters/Limit/schema/minimum']);
  });

  it('reads path parameters from the path as sent (percent-decoded)', () => {
    const getKey = contract.operation('GetKey');
    const path = `/keys/${'%41'.repeat(65)}`;
    expect(validateRequest(contract, getKey, request('GET', path, '')).map((v) => v.pointer)).toEqual([
      '#/components/parameters/KeyId/schema/maxLength',
    ]);
  });

  it('validates the JSON body', () => {
    expect(
      validateRequest(
        contract,
        createKey,
        request('POST', '/keys', '', '{"scheme":"ECDSA","curve":"secp256k1"}'),
      ),
    ).toEqual([]);
  });

  it('reports a body that is not JSON', () => {
    expect(validateRequest(contract, createKey, request('POST', '/keys', '', '{"scheme":'))).toEqual([
      expect.objectContaining({
        kind: 'request_schema',
        pointer: `${createKey.pointer}/requestBody/content`,
      }),
    ]);
  });
});
