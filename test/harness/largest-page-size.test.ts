import { describe, expect, it } from 'vitest';
import { contractFromDocument, loadContract } from '../../src/contract/index.ts';
import { largestPageSize } from '../../src/harness/list-pages.ts';

const contract = loadContract();

/** openapi.yaml with the shared Limit parameter's `maximum` replaced (undefined: removed). */
function withLimitMaximum(maximum: number | undefined) {
  const document = structuredClone(contract.document) as {
    components: { parameters: Record<string, { schema: Record<string, unknown> }> };
  };
  const schema = document.components.parameters.Limit!.schema;
  if (maximum === undefined) delete schema.maximum;
  else schema.maximum = maximum;
  return contractFromDocument(document, 'edited.yaml');
}

describe('largestPageSize', () => {
  it('ListKeys: the maximum of limit in openapi.yaml (500)', () => {
    expect(largestPageSize(contract, 'ListKeys')).toBe(500);
  });

  it('ListKeys: a contract that lowers the maximum to 100 gets 100', () => {
    expect(largestPageSize(withLimitMaximum(100), 'ListKeys')).toBe(100);
  });

  it('ListKeys: 100 when the contract sets no maximum', () => {
    expect(largestPageSize(withLimitMaximum(undefined), 'ListKeys')).toBe(100);
  });
});
