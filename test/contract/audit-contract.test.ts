import { describe, expect, it } from 'vitest';
import { auditContract, contractFromDocument, loadContract } from '../../src/contract/index.ts';
import { CURRENT } from './fixtures/contract-files.ts';

const original = loadContract(CURRENT).document;
const EXAMPLES = '#/paths/~1keys/post/requestBody/content/application~1json/examples';

type Json = Record<string, unknown>;
type Edit = (document: Json) => void;

/** The object at a path of keys (the planted edits know the shape they edit). */
const at = (node: Json, ...path: readonly string[]): Json =>
  path.reduce<Json>((n, key) => n[key] as Json, node);
const operationAt = (d: Json, path: string, method: string) => at(d, 'paths', path, method);

// Each planted defect and the pointer the audit must report it at: the audit is shown failing, not only passing.
const DEFECTS: readonly (readonly [string, Edit, string, RegExp])[] = [
  [
    'a request example that breaks its schema',
    (d) => {
      at(
        operationAt(d, '/keys', 'post'),
        'requestBody',
        'content',
        'application/json',
        'examples',
        'ecdsaSecp256k1',
        'value',
      ).scheme = 'RSA';
    },
    `${EXAMPLES}/ecdsaSecp256k1/value`,
    /example "ecdsaSecp256k1" does not satisfy its schema: \/scheme: must be one of/,
  ],
  [
    'a schema-level example that breaks its schema',
    (d) => {
      at(d, 'components', 'schemas', 'KeyId').example = 'wallet-1';
    },
    '#/components/schemas/KeyId/example',
    /must match pattern/,
  ],
  [
    'an unknown keyword (strict mode)',
    (d) => {
      at(d, 'components', 'schemas', 'ExternalId').maxLenght = 50;
    },
    '#/components/schemas/ExternalId',
    /does not compile: strict mode: unknown keyword: "maxLenght"/,
  ],
  [
    'a keyword on the wrong type (strictTypes)',
    (d) => {
      Reflect.deleteProperty(at(d, 'components', 'schemas', 'HexString'), 'type');
    },
    '#/components/schemas/HexString',
    /does not compile: strict mode: missing type "string" for keyword "pattern"/,
  ],
  [
    'an operation without summary',
    (d) => {
      Reflect.deleteProperty(operationAt(d, '/signers', 'get'), 'summary');
    },
    '#/paths/~1signers/get',
    /ListSigners has no summary/,
  ],
  [
    'an operation without declared security',
    (d) => {
      Reflect.deleteProperty(operationAt(d, '/signers', 'get'), 'security');
    },
    '#/paths/~1signers/get',
    /ListSigners does not declare its security/,
  ],
  [
    'an operation without error responses',
    (d) => {
      const operation = operationAt(d, '/signers', 'get');
      operation.responses = { '200': at(operation, 'responses', '200') };
    },
    '#/paths/~1signers/get/responses',
    /ListSigners documents no error response/,
  ],
  [
    'an error response without a schema',
    (d) => {
      at(operationAt(d, '/signers', 'get'), 'responses')['418'] = { description: 'teapot' };
    },
    '#/paths/~1signers/get/responses/418',
    /ListSigners 418 has no JSON schema/,
  ],
  [
    'a discriminator mapping to the wrong variant',
    (d) => {
      at(d, 'components', 'schemas', 'GenerateSignatureBody', 'discriminator', 'mapping').Hash =
        '#/components/schemas/GenerateSignatureMessage';
    },
    '#/components/schemas/GenerateSignatureBody/discriminator/mapping/Hash',
    /targets a schema whose kind is "Message"/,
  ],
  [
    'a path parameter missing from the template',
    (d) => {
      at(d, 'paths', '/signers').parameters = [{ $ref: '#/components/parameters/KeyId' }];
    },
    '#/components/parameters/KeyId',
    /path parameter keyId is not in \/signers/,
  ],
  [
    'an unknown x-confidence value',
    (d) => {
      at(d, 'components', 'schemas', 'ExternalId')['x-confidence'] = 'maybe';
    },
    '#/components/schemas/ExternalId/x-confidence',
    /x-confidence is "maybe" \(expected inferred or conflicting\)/,
  ],
];

describe('auditContract', () => {
  it('finds nothing wrong with openapi.yaml', () => {
    expect(auditContract(loadContract(CURRENT))).toEqual([]);
  });

  it.each(DEFECTS)('reports %s at its pointer', (_name, edit, pointer, message) => {
    const document = structuredClone(original) as Json;
    edit(document);
    const problems = auditContract(contractFromDocument(document, 'planted.yaml'));
    expect(problems).toContainEqual({ pointer, message: expect.stringMatching(message) as string });
  });
});
