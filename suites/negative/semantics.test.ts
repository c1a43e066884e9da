import { randomBytes } from 'node:crypto';
import { test, type TestContext } from 'vitest';
import { harness } from '../../src/harness/harness.ts';
import { prepareValidRequest, type PreparableOperation } from '../../src/harness/valid-requests.ts';
import { negativeDataRejected } from '../../src/checks/data.ts';
import { KEY_FORMATS } from '../../src/harness/applicability.ts';
import { createKey, successBody } from '../../src/harness/keys.ts';

/**
 * Input the schema allows but the contract's meaning forbids: scheme/curve pairs outside the five
 * valid ones, and ids of keys and signatures that do not exist (the contract's 404).
 */
const h = harness();

function enumOf(pointer: string): string[] {
  const schema = h.contract.resolveSchema(pointer);
  const values = typeof schema === 'object' ? schema.enum : undefined;
  return Array.isArray(values) ? values.map(String) : [];
}

const INVALID_PAIRS = enumOf('#/components/schemas/KeyScheme')
  .flatMap((scheme) =>
    enumOf('#/components/schemas/KeyCurve').map((curve) => [`${scheme}/${curve}`, scheme, curve] as const),
  )
  .filter(([, scheme, curve]) => !KEY_FORMATS.some((f) => f.scheme === scheme && f.curve === curve));

test.for(INVALID_PAIRS)('CreateKey: refuses the scheme/curve pair %s', async ([label, scheme, curve]) => {
  const exchange = await h.call('CreateKey', { body: { scheme, curve, name: h.keyName(`pair-${label}`) } });
  h.check(negativeDataRejected, exchange, {
    description: `${label} is not a valid key format`,
    rule: '#/components/schemas/CreateKeyBody',
    expectedStatus: 400,
    subject: label,
  });
});

/** A key id that matches the contract's pattern and exists nowhere. */
function unknownKeyId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const pick = (n: number) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
  return `key-${pick(5)}-${pick(5)}-${pick(16)}`;
}

const ON_A_KEY: readonly PreparableOperation[] = [
  'GetKey',
  'UpdateKey',
  'DeleteKey',
  'DelegateKey',
  'DeriveKey',
  'GenerateSignature',
  'ListSignatures',
  'ExportKey',
];

test.for(ON_A_KEY)('%s: answers 404 for a key that does not exist', async (operationId, ctx: TestContext) => {
  const request = await prepareValidRequest(h, ctx, operationId, `unknown-${operationId}`);
  const exchange = await h.call(operationId, {
    pathParams: { ...request.pathParams, keyId: unknownKeyId() },
    ...(request.query === undefined ? {} : { query: request.query }),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  h.check(negativeDataRejected, exchange, {
    description: 'a key id that exists nowhere',
    rule: `${h.contract.operation(operationId).pointer}/responses/404`,
    expectedStatus: 404,
  });
});

test('GetSignature: answers 404 for a signature that does not exist on an existing key', async (ctx) => {
  const format = h.profile.keyFormats.find((f) => f.scheme !== 'DH');
  if (format === undefined) return ctx.skip('not applicable: the profile lists no signing key format');
  const { id } = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'unknown-signature');
  const exchange = await h.call('GetSignature', {
    pathParams: { keyId: id, signatureId: `sig-kconf-nosig-${randomBytes(8).toString('hex')}` },
  });
  h.check(negativeDataRejected, exchange, {
    description: 'a signature id that exists nowhere',
    rule: `${h.contract.operation('GetSignature').pointer}/responses/404`,
    expectedStatus: 404,
  });
});

test('GetSignature: answers 404 for a signature of another key', async (ctx) => {
  const format = h.profile.keyFormats.find((f) => f.scheme !== 'DH');
  if (format === undefined) return ctx.skip('not applicable: the profile lists no signing key format');
  const signer = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'sig-owner');
  const other = await createKey(h, { scheme: format.scheme, curve: format.curve }, 'sig-other');
  const request = await prepareValidRequest(h, ctx, 'GenerateSignature', 'sig-cross');
  const signature = successBody(
    await h.call('GenerateSignature', { pathParams: { keyId: signer.id }, body: request.body ?? {} }),
    'GenerateSignature',
  );
  const exchange = await h.call('GetSignature', {
    pathParams: { keyId: other.id, signatureId: String(signature.id) },
  });
  h.check(negativeDataRejected, exchange, {
    description: "another key's signature id",
    rule: `${h.contract.operation('GetSignature').pointer}/responses/404`,
    expectedStatus: 404,
  });
});
