import { describe, expect, it } from 'vitest';
import { bodyStringBounds, contractFromDocument, loadContract } from '../../src/contract/index.ts';

const contract = loadContract();

describe('bodyStringBounds', () => {
  it.each([
    ['CreateKey', 'name', { minLength: 0, maxLength: 100 }],
    ['CreateKey', 'storeId', { minLength: 1, maxLength: 64 }],
    ['UpdateKey', 'name', { minLength: 0, maxLength: 100 }],
    ['ImportKey', 'name', { minLength: 0, maxLength: 100 }],
  ])('%s: reads the bounds of %s from openapi.yaml', (operationId, property, bounds) => {
    expect(bodyStringBounds(contract, operationId, property)).toEqual(bounds);
  });

  it.each([
    ['CreateKey', 'nickname'],
    ['ListKeys', 'name'],
    ['NoSuchOperation', 'name'],
  ])('%s: no bounds for %s, which its body does not name', (operationId, property) => {
    expect(bodyStringBounds(contract, operationId, property)).toBeUndefined();
  });

  it('CreateKey: follows a $ref to the property schema and omits maxLength when none is set', () => {
    const document = structuredClone(contract.document) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    document.components.schemas.KeyName = { type: 'string', minLength: 3 } as never;
    document.components.schemas.CreateKeyBody!.properties.name = { $ref: '#/components/schemas/KeyName' };
    expect(bodyStringBounds(contractFromDocument(document, 'edited.yaml'), 'CreateKey', 'name')).toEqual({
      minLength: 3,
    });
  });
});
