import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import {
  loadContract,
  validateExchange,
  validateResponse,
  valueAtPointer,
  type Violation,
} from '../../src/contract/index.ts';
import { CURRENT, mutate, REMOVE } from './fixtures/contract-files.ts';
import { GOOD_RESPONSES } from './fixtures/good-responses.ts';

const contract = loadContract(CURRENT);
const JSON_HEADERS = { 'content-type': 'application/json' };

function check(
  operationId: string,
  status: number,
  body: unknown,
  headers: Record<string, string> = JSON_HEADERS,
) {
  return validateResponse(contract, contract.operation(operationId), {
    status,
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Every violation must cite a pointer that exists literally in the raw document (not a dereferenced copy). */
function expectPointersInDocument(violations: readonly Violation[]): void {
  for (const violation of violations) {
    expect(valueAtPointer(contract.document, violation.pointer), violation.pointer).not.toBeUndefined();
    expect(violation.message).not.toContain('\n');
  }
}

type Path = readonly (string | number)[];

interface Mutation {
  readonly path: Path;
  readonly value: unknown;
  readonly pointer: string;
  readonly instancePath: string;
}

// For each operation: the bad responses derived from its good fixture, each naming the rule it breaks.
const CASES: Readonly<Record<string, { missing: Mutation; pattern?: Mutation; extra?: Mutation }>> = {
  CreateKey: {
    missing: {
      path: ['publicKey'],
      value: REMOVE,
      pointer: '#/components/schemas/Key/required',
      instancePath: '/publicKey',
    },
    pattern: {
      path: ['id'],
      value: 'key-NOPE',
      pointer: '#/components/schemas/KeyId/pattern',
      instancePath: '/id',
    },
  },
  ListKeys: {
    missing: {
      path: ['items'],
      value: REMOVE,
      pointer: '#/components/schemas/ListKeysResponse/required',
      instancePath: '/items',
    },
    pattern: {
      path: ['items', 0, 'id'],
      value: 'wa-1',
      pointer: '#/components/schemas/KeyId/pattern',
      instancePath: '/items/0/id',
    },
  },
  GetKey: {
    missing: {
      path: ['store'],
      value: REMOVE,
      pointer: '#/components/schemas/KeyDetails/allOf/1/required',
      instancePath: '/store',
    },
    pattern: {
      path: ['id'],
      value: 'KEY-01snl-t56gb-j8tsok0vn802p80i',
      pointer: '#/components/schemas/KeyId/pattern',
      instancePath: '/id',
    },
  },
  UpdateKey: {
    missing: {
      path: ['custodial'],
      value: REMOVE,
      pointer: '#/components/schemas/Key/required',
      instancePath: '/custodial',
    },
    pattern: {
      path: ['id'],
      value: 'key-short',
      pointer: '#/components/schemas/KeyId/pattern',
      instancePath: '/id',
    },
    extra: {
      path: ['wallets'],
      value: [],
      pointer: '#/components/schemas/ClosedKey/unevaluatedProperties',
      instancePath: '/wallets',
    },
  },
  DeleteKey: {
    missing: {
      path: ['status'],
      value: REMOVE,
      pointer: '#/components/schemas/Key/required',
      instancePath: '/status',
    },
    pattern: {
      path: ['id'],
      value: 'key-abcde-fghij-k',
      pointer: '#/components/schemas/KeyId/pattern',
      instancePath: '/id',
    },
    extra: {
      path: ['deleted'],
      value: true,
      pointer: '#/components/schemas/ClosedKey/unevaluatedProperties',
      instancePath: '/deleted',
    },
  },
  DelegateKey: {
    missing: {
      path: ['status'],
      value: REMOVE,
      pointer: '#/components/schemas/DelegateKeyResponse/required',
      instancePath: '/status',
    },
  },
  DeriveKey: {
    missing: {
      path: ['output'],
      value: REMOVE,
      pointer: '#/components/schemas/DeriveKeyResponse/required',
      instancePath: '/output',
    },
    pattern: {
      path: ['output'],
      value: '0x543',
      pointer: '#/components/schemas/HexString/pattern',
      instancePath: '/output',
    },
  },
  GenerateSignature: {
    missing: {
      path: ['requester'],
      value: REMOVE,
      pointer: '#/components/schemas/SignatureRequest/required',
      instancePath: '/requester',
    },
    pattern: {
      path: ['id'],
      value: 'sr-4sfvl-f4iha-umighfi3hk4t54dr',
      pointer: '#/components/schemas/SignatureId/pattern',
      instancePath: '/id',
    },
    extra: {
      path: ['requestBody', 'note'],
      value: 'x',
      pointer: '#/components/schemas/GenerateSignatureHash/additionalProperties',
      instancePath: '/requestBody/note',
    },
  },
  ListSignatures: {
    missing: {
      path: ['keyId'],
      value: REMOVE,
      pointer: '#/components/schemas/ListSignaturesResponse/required',
      instancePath: '/keyId',
    },
    pattern: {
      path: ['items', 0, 'keyId'],
      value: 'key-1',
      pointer: '#/components/schemas/KeyId/pattern',
      instancePath: '/items/0/keyId',
    },
    extra: {
      path: ['items', 0, 'requestBody', 'note'],
      value: 'x',
      pointer: '#/components/schemas/GenerateSignatureHash/additionalProperties',
      instancePath: '/items/0/requestBody/note',
    },
  },
  GetSignature: {
    missing: {
      path: ['dateRequested'],
      value: REMOVE,
      pointer: '#/components/schemas/SignatureRequest/required',
      instancePath: '/dateRequested',
    },
    pattern: {
      path: ['requestBody', 'hash'],
      value: '0x1234',
      pointer: '#/components/schemas/Hash32/pattern',
      instancePath: '/requestBody/hash',
    },
    extra: {
      path: ['requestBody', 'note'],
      value: 'x',
      pointer: '#/components/schemas/GenerateSignatureHash/additionalProperties',
      instancePath: '/requestBody/note',
    },
  },
  ImportKey: {
    missing: {
      path: ['dateCreated'],
      value: REMOVE,
      pointer: '#/components/schemas/Key/required',
      instancePath: '/dateCreated',
    },
    pattern: {
      path: ['id'],
      value: 'key-01snl-t56gb-j8tsok0',
      pointer: '#/components/schemas/KeyId/pattern',
      instancePath: '/id',
    },
  },
  ExportKey: {
    missing: {
      path: ['minSigners'],
      value: REMOVE,
      pointer: '#/components/schemas/ExportKeyResponse/required',
      instancePath: '/minSigners',
    },
  },
  ListSigners: {
    missing: {
      path: ['clusters', 0, 'signers'],
      value: REMOVE,
      pointer: '#/components/schemas/ListSignersResponse/properties/clusters/items/required',
      instancePath: '/clusters/0/signers',
    },
  },
  CreateUserActionChallenge: {
    missing: {
      path: ['allowCredentials', 'webauthn'],
      value: REMOVE,
      pointer: '#/components/schemas/UserActionChallenge/properties/allowCredentials/required',
      instancePath: '/allowCredentials/webauthn',
    },
  },
  CreateUserActionSignature: {
    missing: {
      path: ['userAction'],
      value: REMOVE,
      pointer: '#/components/schemas/UserActionToken/required',
      instancePath: '/userAction',
    },
  },
};

const operationIds = Object.keys(GOOD_RESPONSES);

describe('validateResponse: the good fixtures', () => {
  it('cover every operation of the contract', () => {
    expect(operationIds.sort()).toEqual(contract.operations.map((o) => o.operationId).sort());
    expect(Object.keys(CASES).sort()).toEqual(operationIds.sort());
  });

  it.each(operationIds)('%s: accepts its good response', (operationId) => {
    const good = GOOD_RESPONSES[operationId]!;
    expect(check(operationId, good.status, good.body)).toEqual([]);
  });
});

describe.each(operationIds)('validateResponse: %s', (operationId) => {
  const good = GOOD_RESPONSES[operationId]!;
  const cases = CASES[operationId]!;
  const mutations = Object.entries(cases);

  it.each(mutations)('rejects a response with a %s violation, citing the exact rule', (_name, mutation) => {
    const violations = check(operationId, good.status, mutate(good.body, mutation.path, mutation.value));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({
      kind: 'schema',
      pointer: mutation.pointer,
      instancePath: mutation.instancePath,
    });
    expect(violations[0]!.message.startsWith(`${mutation.instancePath}: `)).toBe(true);
    expectPointersInDocument(violations);
  });

  it('rejects an undocumented status, citing the operation responses', () => {
    const operation = contract.operation(operationId);
    const violations = check(operationId, 418, good.body);
    expect(violations).toEqual([
      expect.objectContaining({ kind: 'status_undocumented', pointer: `${operation.pointer}/responses` }),
    ]);
    expect(violations[0]!.message).toContain('418');
    expectPointersInDocument(violations);
  });

  it('rejects an error body without a message, citing ErrorBody', () => {
    const status = Number(
      [...contract.operation(operationId).responses.keys()].find((s) => s.startsWith('4')),
    );
    expect(check(operationId, status, { error: { message: 'no' } })).toEqual([]);
    const violations = check(operationId, status, { error: { id: '2038837570328299032', status } });
    expect(violations).toEqual([
      expect.objectContaining({
        pointer: '#/components/schemas/ErrorBody/properties/error/required',
        instancePath: '/error/message',
      }),
    ]);
  });
});

describe('validateResponse: content type and body', () => {
  const getKey = contract.operation('GetKey');
  const good = GOOD_RESPONSES.GetKey!;

  it('accepts a JSON content type with parameters and in another case', () => {
    expect(check('GetKey', 200, good.body, { 'Content-Type': 'Application/JSON; charset=utf-8' })).toEqual(
      [],
    );
  });

  it('reports a wrong content type, citing the documented content', () => {
    const violations = check('GetKey', 200, good.body, { 'content-type': 'text/html' });
    expect(violations).toEqual([
      expect.objectContaining({ kind: 'content_type', pointer: `${getKey.pointer}/responses/200/content` }),
    ]);
    expect(violations[0]!.message).toContain('"text/html"');
    expectPointersInDocument(violations);
  });

  it('reports a missing content type', () => {
    expect(check('GetKey', 200, good.body, {})).toEqual([
      expect.objectContaining({ kind: 'content_type', pointer: `${getKey.pointer}/responses/200/content` }),
    ]);
  });

  it('cites the shared response for an error status (where the rule lives)', () => {
    expect(
      check('GetKey', 404, { error: { message: 'key not found' } }, { 'content-type': 'text/plain' }),
    ).toEqual([
      expect.objectContaining({ kind: 'content_type', pointer: '#/components/responses/NotFound/content' }),
    ]);
  });

  it('reports a body that is not JSON, citing the JSON media type, without echoing the body', () => {
    const violations = check('GetKey', 200, '<html>secret-ish</html>');
    expect(violations).toEqual([
      expect.objectContaining({
        kind: 'body_not_json',
        pointer: `${getKey.pointer}/responses/200/content/application~1json`,
      }),
    ]);
    expect(violations[0]!.message).not.toContain('secret-ish');
    expectPointersInDocument(violations);
  });

  it('reports an empty body where JSON is documented', () => {
    expect(check('DeleteKey', 200, '')).toEqual([expect.objectContaining({ kind: 'body_not_json' })]);
  });

  it('reports both a wrong content type and a schema violation of the same response', () => {
    const body = mutate(good.body, ['store'], REMOVE);
    expect(check('GetKey', 200, body, { 'content-type': 'text/plain' }).map((v) => v.kind)).toEqual([
      'content_type',
      'schema',
    ]);
  });
});

describe('validateExchange', () => {
  const operation = contract.operation('CreateKey');
  const exchange = (response?: Exchange['response']): Exchange => ({
    id: 'x-000001',
    operationId: 'CreateKey',
    startedAt: '2025-03-26T20:25:52.909Z',
    durationMs: 12,
    request: { method: 'POST', url: 'http://127.0.0.1:1/keys', path: '/keys', headers: {}, body: '{}' },
    ...(response === undefined ? {} : { response }),
  });

  it('uses the parsed body the client recorded', () => {
    const response = {
      status: 200,
      headers: JSON_HEADERS,
      body: 'ignored',
      parsed: { value: GOOD_RESPONSES.CreateKey!.body },
    };
    expect(validateExchange(contract, operation, exchange(response))).toEqual([]);
  });

  it('reports the same violations as validateResponse', () => {
    const body = JSON.stringify(mutate(GOOD_RESPONSES.CreateKey!.body, ['id'], 'nope'));
    const response = { status: 200, headers: JSON_HEADERS, body };
    expect(validateExchange(contract, operation, exchange(response))).toEqual(
      validateResponse(contract, operation, response),
    );
    expect(validateExchange(contract, operation, exchange(response))).toHaveLength(1);
  });

  it('yields nothing for an exchange whose transport failed', () => {
    expect(validateExchange(contract, operation, exchange())).toEqual([]);
  });
});
