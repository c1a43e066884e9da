import { test } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { successBody } from '../../src/harness/keys.ts';

/** ListSigners (#/paths/~1signers/get): the signing cluster a client encrypts import shares for. */
const h = harness();

test('ListSigners: lists at least one cluster with at least two signers', async () => {
  const exchange = await h.call('ListSigners');
  const body = successBody(exchange, 'ListSigners');
  const clusters = Array.isArray(body.clusters) ? (body.clusters as Record<string, unknown>[]) : [];
  const signers = clusters[0]?.signers;
  if (!Array.isArray(signers) || signers.length < 2) {
    h.report({
      checkId: 'resource_availability',
      operationId: 'ListSigners',
      pointer: '#/components/schemas/ListSignersResponse/properties/clusters',
      message: `ListSigners lists ${Array.isArray(signers) ? signers.length : 'no'} signers in its first cluster; an MPC cluster needs at least two`,
      exchange,
    });
  }
});
