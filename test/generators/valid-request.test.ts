import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contractFromDocument,
  loadContract,
  untaughtOperations,
  untaughtProperties,
  validateRequestBody,
  type Contract,
} from '../../src/contract/index.ts';
import { knownKey } from '../../fixtures/known-keys.ts';
import { DOCUMENTED_KEY_FORMATS } from '../../generators/domain.ts';
import { GeneratorError } from '../../generators/generator-error.ts';
import { validRequestFor, type RequestContext } from '../../generators/valid-request.ts';
import { codePointLength } from '../../generators/unicode.ts';
import { testCluster } from '../crypto/cluster.ts';
import { withRotateKey } from '../helpers/rotate-key.ts';

const contract = loadContract();
const RUNS = 1_000;
type Body = Record<string, unknown>;

function bodies(operationId: string, context: RequestContext, runs = RUNS): Body[] {
  return fc.sample(validRequestFor(contract, operationId, context), { numRuns: runs, seed: 17 }) as Body[];
}

function schemaValid(operationId: string, list: readonly unknown[]): boolean {
  const operation = contract.operation(operationId);
  return list.every((body) => validateRequestBody(contract, operation, body).length === 0);
}

const formats = DOCUMENTED_KEY_FORMATS.map((f) => [`${f.scheme}/${f.curve}`, f] as const);
const signing = formats.filter(([, f]) => f.scheme !== 'DH');

describe('validRequestFor CreateKey', () => {
  it.each(formats)('%s: schema-valid bodies with exactly that pair', (_, format) => {
    const list = bodies('CreateKey', { keyScheme: format.scheme, curve: format.curve });
    expect(schemaValid('CreateKey', list)).toBe(true);
    expect(list.every((b) => b.scheme === format.scheme && b.curve === format.curve)).toBe(true);
    expect(list.every((b) => !('delegateTo' in b) && !('deriveFrom' in b) && !('storeId' in b))).toBe(true);
  });

  it('refuses a pair the target does not support, naming the supported ones', () => {
    expect(() => validRequestFor(contract, 'CreateKey', { keyScheme: 'EdDSA', curve: 'secp256k1' })).toThrow(
      /EdDSA\/secp256k1 is not a key format of the target \(formats: ECDSA\/secp256k1/,
    );
    const onlyEd = DOCUMENTED_KEY_FORMATS.filter((f) => f.scheme === 'EdDSA');
    expect(() =>
      validRequestFor(contract, 'CreateKey', { keyScheme: 'ECDSA', curve: 'secp256k1', keyFormats: onlyEd }),
    ).toThrow(GeneratorError);
  });
});

describe('validRequestFor GenerateSignature', () => {
  it.each(signing)('%s: schema-valid bodies of the kinds the profile signs', (_, format) => {
    const list = bodies('GenerateSignature', { keyScheme: format.scheme, curve: format.curve });
    expect(schemaValid('GenerateSignature', list)).toBe(true);
    const kinds = new Set(list.map((b) => b.kind));
    expect([...kinds].sort()).toEqual(format.scheme === 'EdDSA' ? ['Hash', 'Message'] : ['Hash']);
  });

  it('gives Schnorr Hash bodies a taprootMerkleRoot ("" among them), and no other scheme one', () => {
    const schnorr = bodies('GenerateSignature', { keyScheme: 'Schnorr', curve: 'secp256k1' });
    expect(schnorr.every((b) => typeof b.taprootMerkleRoot === 'string')).toBe(true);
    expect(schnorr.some((b) => b.taprootMerkleRoot === '')).toBe(true);
    const ecdsa = bodies('GenerateSignature', { keyScheme: 'ECDSA', curve: 'secp256k1' });
    expect(ecdsa.some((b) => 'taprootMerkleRoot' in b)).toBe(false);
  });

  it('keeps Stark hashes below 2^251', () => {
    const list = bodies('GenerateSignature', { keyScheme: 'ECDSA', curve: 'stark' });
    expect(list.every((b) => BigInt(`0x${(b.hash as string).replace(/^0x/, '')}`) < 2n ** 251n)).toBe(true);
  });

  it('always writes 0x when the target may not accept hex without it (hashWithout0x: false)', () => {
    const list = bodies('GenerateSignature', {
      keyScheme: 'Schnorr',
      curve: 'secp256k1',
      hashWithout0x: false,
    });
    expect(list.every((b) => (b.hash as string).startsWith('0x'))).toBe(true);
    expect(
      list.every((b) => b.taprootMerkleRoot === '' || (b.taprootMerkleRoot as string).startsWith('0x')),
    ).toBe(true);
  });

  it('follows the kinds a profile lists, and refuses kinds it cannot make valid', () => {
    const list = bodies(
      'GenerateSignature',
      { keyScheme: 'ECDSA', curve: 'secp256k1', signatureKinds: ['Message'] },
      100,
    );
    expect(list.every((b) => b.kind === 'Message')).toBe(true);
    expect(() =>
      validRequestFor(contract, 'GenerateSignature', {
        keyScheme: 'ECDSA',
        curve: 'secp256k1',
        signatureKinds: ['Psbt'],
      }),
    ).toThrow(/no semantically valid generator for kind "Psbt"/);
  });

  it('refuses DH keys, which do not sign', () => {
    expect(() =>
      validRequestFor(contract, 'GenerateSignature', { keyScheme: 'DH', curve: 'secp256k1' }),
    ).toThrow(/DH keys derive/);
  });
});

describe('validRequestFor UpdateKey', () => {
  it('names of at most 100 code points, or null to clear', () => {
    const list = bodies('UpdateKey', { keyScheme: 'ECDSA', curve: 'secp256k1' });
    expect(schemaValid('UpdateKey', list)).toBe(true);
    expect(list.some((b) => b.name === null)).toBe(true);
    expect(list.every((b) => b.name === null || codePointLength(b.name as string) <= 100)).toBe(true);
  });

  it('never null when clearing with null is not assumed', () => {
    const list = bodies(
      'UpdateKey',
      { keyScheme: 'ECDSA', curve: 'secp256k1', clearNameWithNull: false },
      300,
    );
    expect(list.some((b) => b.name === null)).toBe(false);
  });
});

/** openapi.yaml with each named body's `name` schema replaced (undefined: the property removed). */
function withNames(names: Readonly<Record<string, Record<string, unknown> | undefined>>): Contract {
  const document = structuredClone(contract.document) as {
    components: { schemas: Record<string, { properties: Record<string, unknown> }> };
  };
  for (const [schema, name] of Object.entries(names)) {
    const properties = document.components.schemas[schema]!.properties;
    if (name === undefined) delete properties.name;
    else properties.name = name;
  }
  return contractFromDocument(document, 'edited.yaml');
}

describe('validRequestFor follows the contract’s bounds on key names', () => {
  const edited = withNames({
    CreateKeyBody: { type: 'string', maxLength: 64 },
    UpdateKeyBody: { type: ['string', 'null'], minLength: 2, maxLength: 10 },
  });
  const sample = (operationId: string): Body[] =>
    fc.sample(validRequestFor(edited, operationId, { keyScheme: 'ECDSA', curve: 'secp256k1' }), {
      numRuns: RUNS,
      seed: 17,
    }) as Body[];
  const lengths = (list: readonly Body[]): number[] =>
    list.flatMap((b) => (typeof b.name === 'string' ? [codePointLength(b.name)] : []));

  it.each([
    ['CreateKey', 0, 64],
    ['UpdateKey', 2, 10],
  ])(
    '%s: names from %i to %i code points, both ends reached, valid under the edited contract',
    (id, min, max) => {
      const list = sample(id);
      const operation = edited.operation(id);
      expect(list.filter((body) => validateRequestBody(edited, operation, body).length > 0)).toEqual([]);
      expect([Math.min(...lengths(list)), Math.max(...lengths(list))]).toEqual([min, max]);
    },
  );

  it('CreateKey: no name at all when the contract’s body has none', () => {
    const list = fc.sample(
      validRequestFor(withNames({ CreateKeyBody: undefined }), 'CreateKey', {
        keyScheme: 'ECDSA',
        curve: 'secp256k1',
      }),
      { numRuns: 200, seed: 17 },
    ) as Body[];
    expect(list.filter((b) => 'name' in b)).toEqual([]);
  });
});

describe('validRequestFor sends the body properties a newer contract adds', () => {
  const withBody = contract.operations.filter((o) => o.requestBody !== undefined).map((o) => o.operationId);

  it.each(withBody)(
    '%s: every property of openapi.yaml’s body is one the generators were written for',
    (id) => {
      expect(untaughtProperties(contract, id)).toEqual([]);
    },
  );

  const document = structuredClone(contract.document) as {
    components: {
      schemas: Record<string, { required: string[]; properties: Record<string, unknown> }>;
    };
  };
  const body = document.components.schemas.CreateKeyBody!;
  body.properties.externalId = { type: 'string', minLength: 1, maxLength: 64 };
  body.properties.region = { type: 'string', enum: ['eu', 'us'] };
  body.required.push('region');
  const added = contractFromDocument(document, 'added.yaml');
  const list = fc.sample(validRequestFor(added, 'CreateKey', { keyScheme: 'ECDSA', curve: 'secp256k1' }), {
    numRuns: RUNS,
    seed: 17,
  }) as Body[];

  it('CreateKey: names the added properties, required or not, and where their schemas are', () => {
    expect(untaughtProperties(added, 'CreateKey')).toEqual([
      {
        operationId: 'CreateKey',
        name: 'externalId',
        required: false,
        pointer: '#/components/schemas/CreateKeyBody/properties/externalId',
      },
      {
        operationId: 'CreateKey',
        name: 'region',
        required: true,
        pointer: '#/components/schemas/CreateKeyBody/properties/region',
      },
    ]);
  });

  it('CreateKey: bodies valid under the newer contract, with a required addition always', () => {
    const operation = added.operation('CreateKey');
    expect(list.filter((b) => validateRequestBody(added, operation, b).length > 0)).toEqual([]);
    expect(list.every((b) => b.region === 'eu' || b.region === 'us')).toBe(true);
  });

  it('CreateKey: an optional addition in some bodies and not in others', () => {
    const carrying = list.filter((b) => 'externalId' in b).length;
    expect(carrying > 0 && carrying < RUNS).toBe(true);
  });

  it('CreateUserActionChallenge: the announced CreateKey carries the additions too', () => {
    const challenges = fc.sample(
      validRequestFor(added, 'CreateUserActionChallenge', { keyScheme: 'ECDSA', curve: 'secp256k1' }),
      { numRuns: 50, seed: 17 },
    ) as Body[];
    const payloads = challenges.map((b) => JSON.parse(b.userActionPayload as string) as Body);
    expect(payloads.every((p) => 'region' in p)).toBe(true);
  });
});

describe('validRequestFor DeriveKey', () => {
  it('DH keys: schema-valid bodies with a domain of at least one byte', () => {
    const list = bodies('DeriveKey', { keyScheme: 'DH', curve: 'secp256k1' });
    expect(schemaValid('DeriveKey', list)).toBe(true);
    expect(list.every((b) => (b.domain as string).replace(/^0x/, '').length >= 2)).toBe(true);
    expect(list.some((b) => (b.seed as string).replace(/^0x/, '') === '')).toBe(true);
  });

  it('refuses other keys', () => {
    expect(() => validRequestFor(contract, 'DeriveKey', { keyScheme: 'ECDSA', curve: 'secp256k1' })).toThrow(
      /only DH keys derive/,
    );
  });
});

describe('validRequestFor ExportKey, DelegateKey, ImportKey, user actions', () => {
  it.each(formats)(
    'ExportKey %s: the key’s own protocol and curve are among the supported schemes',
    (_, format) => {
      const list = bodies(
        'ExportKey',
        {
          keyScheme: format.scheme,
          curve: format.curve,
          encryptionKey: 'AQNiFCgqtXFvRdNVciLzZ0hjZxumwtP0hfCrUDsymzWU5A==',
        },
        300,
      );
      expect(schemaValid('ExportKey', list)).toBe(true);
      const own = (b: Body) =>
        (b.supportedSchemes as { protocol: string; curve: string }[]).some(
          (s) => s.protocol === format.protocol && s.curve === format.curve,
        );
      expect(list.every(own)).toBe(true);
    },
  );

  it('DelegateKey sends the end user given', () => {
    expect(bodies('DelegateKey', { keyScheme: 'ECDSA', curve: 'secp256k1', delegateTo: 'us-1' }, 5)).toEqual(
      Array(5).fill({ delegateTo: 'us-1' }),
    );
  });

  it.each([
    ['DelegateKey', /DelegateKey needs delegateTo/],
    ['ExportKey', /ExportKey needs encryptionKey/],
    ['ImportKey', /ImportKey needs knownKey/],
  ])('%s names what the context lacks', (operationId, message) => {
    expect(() => validRequestFor(contract, operationId, { keyScheme: 'ECDSA', curve: 'secp256k1' })).toThrow(
      message,
    );
  });

  it('ImportKey: well-formed share sets for the known key, schema-valid', () => {
    const cluster = testCluster(4, 'generators/valid-request');
    const context: RequestContext = {
      keyScheme: 'EdDSA',
      curve: 'ed25519',
      knownKey: knownKey('rfc8032-test-1'),
      listSigners: { clusters: [{ clusterId: 'c', signers: cluster.signers }] },
    };
    const list = bodies('ImportKey', context, 4);
    expect(schemaValid('ImportKey', list)).toBe(true);
    expect(list.every((b) => b.curve === 'ed25519' && (b.encryptedKeyShares as unknown[]).length === 4)).toBe(
      true,
    );
  });

  it('CreateUserActionChallenge announces a CreateKey with its exact payload', () => {
    const list = bodies('CreateUserActionChallenge', { keyScheme: 'ECDSA', curve: 'secp256k1' }, 200);
    expect(schemaValid('CreateUserActionChallenge', list)).toBe(true);
    expect(list.every((b) => schemaValid('CreateKey', [JSON.parse(b.userActionPayload as string)]))).toBe(
      true,
    );
  });

  it('CreateUserActionSignature cannot be made here: it needs a real credential', () => {
    expect(() =>
      validRequestFor(contract, 'CreateUserActionSignature', { keyScheme: 'ECDSA', curve: 'secp256k1' }),
    ).toThrow(/needs an assertion signed by a real credential/);
  });

  it.each(['GetKey', 'ListKeys', 'DeleteKey', 'ListSigners'])(
    '%s takes no body: undefined',
    (operationId) => {
      expect(bodies(operationId, { keyScheme: 'ECDSA', curve: 'secp256k1' }, 3)).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    },
  );

  it('names an unknown operation', () => {
    expect(() => validRequestFor(contract, 'MintKey', { keyScheme: 'ECDSA', curve: 'secp256k1' })).toThrow(
      /no operation "MintKey"/,
    );
  });
});

describe('validRequestFor on an operation a newer contract adds', () => {
  it('every operation of openapi.yaml is one the suite was written for', () => {
    expect(untaughtOperations(contract)).toEqual([]);
  });

  const document = withRotateKey(
    structuredClone(contract.document) as { paths: Record<string, Record<string, unknown>> },
  );
  const added = contractFromDocument(document, 'added.yaml');

  it('RotateKey: named as an operation the suite was not written for', () => {
    expect(untaughtOperations(added)).toEqual(['RotateKey']);
  });

  it('RotateKey: bodies drawn from its schema, all valid under it', () => {
    const list = fc.sample(validRequestFor(added, 'RotateKey', { keyScheme: 'ECDSA', curve: 'secp256k1' }), {
      numRuns: RUNS,
      seed: 17,
    });
    const operation = added.operation('RotateKey');
    expect(list.filter((b) => validateRequestBody(added, operation, b).length > 0)).toEqual([]);
    expect(new Set(list.map((b) => JSON.stringify(b))).size).toBeGreaterThan(RUNS / 2);
  });
});
