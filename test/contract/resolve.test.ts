import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContract, validateRequestBody } from '../../src/contract/index.ts';
import { CURRENT } from './fixtures/contract-files.ts';

const contract = loadContract(CURRENT);

function containsRef(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsRef);
  if (typeof node !== 'object' || node === null) return false;
  return Object.entries(node).some(([key, value]) => key === '$ref' || containsRef(value));
}

describe('Contract.resolve', () => {
  it('follows $refs met along the pointer', () => {
    expect(
      contract.resolve('#/paths/~1keys/post/requestBody/content/application~1json/schema/properties/name'),
    ).toEqual({
      type: 'string',
      maxLength: 100,
    });
  });

  it('follows a $ref at the end of the pointer', () => {
    expect(contract.resolve('#/paths/~1keys~1{keyId}/get/responses/404')).toBe(
      contract.resolve('#/components/responses/NotFound'),
    );
  });

  it('returns undefined where nothing is', () => {
    expect(contract.resolve('#/components/schemas/Nope')).toBeUndefined();
    expect(contract.resolve('#/components/schemas/KeyScheme/enum/9')).toBeUndefined();
  });

  it('accepts a pointer with or without the leading #', () => {
    expect(contract.resolve('/info/version')).toBe('1.807.0');
    expect(contract.resolve('#/info/version')).toBe('1.807.0');
  });
});

describe('resolved schemas', () => {
  it('expands every $ref of the GenerateSignature body, keeping the discriminator', () => {
    const schema = contract.operation('GenerateSignature').requestBody!.schema as Record<string, unknown>;
    expect(containsRef(schema)).toBe(false);
    expect((schema.oneOf as unknown[]).length).toBe(15);
    expect(schema.discriminator).toMatchObject({ propertyName: 'kind' });
  });

  it('gives the pointer where a request body schema lives', () => {
    expect(contract.operation('CreateKey').requestBody?.pointer).toBe('#/components/schemas/CreateKeyBody');
  });

  it('gives the pointer where a shared response lives', () => {
    expect(contract.operation('GetKey').responses.get('404')?.pointer).toBe(
      '#/components/responses/NotFound',
    );
  });

  it('resolves parameters with their pointer and expanded schema', () => {
    const [keyId] = contract.operation('GetKey').pathParameters;
    expect(keyId).toMatchObject({
      name: 'keyId',
      in: 'path',
      required: true,
      pointer: '#/components/parameters/KeyId',
      schemaPointer: '#/components/parameters/KeyId/schema',
      schema: { type: 'string', minLength: 1, maxLength: 64 },
    });
  });

  it('resolveSchema expands a component on demand', () => {
    expect(containsRef(contract.resolveSchema('#/components/schemas/KeyDetails'))).toBe(false);
  });
});

describe('the raw document', () => {
  it('is left exactly as parsed after validators are compiled and used', () => {
    validateRequestBody(contract, contract.operation('GenerateSignature'), { kind: 'Nope' });
    expect(contract.document).toEqual(parse(readFileSync(CURRENT, 'utf8')));
  });
});
