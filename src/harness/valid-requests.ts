import type { TestContext } from 'vitest';
import { buildImportRequest, type SignerInfo } from '../crypto/import-request.ts';
import { generateExportKeyPair } from '../crypto/export-recovery.ts';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { KeyFormat } from '../run/profile.ts';
import { hashRequest, requireCapability } from './applicability.ts';
import type { Harness } from './harness.ts';
import { createKey, randomHash, successBody, type Json } from './keys.ts';
import { PreconditionError } from './precondition.ts';

/**
 * A request a correct target accepts with 2xx, resources included (a fresh key to sign with, a DH key to
 * derive with, real encrypted shares to import). Suites that need "this call would have succeeded"
 * as a control — the auth suite (refused only for want of a user action) and the negative suite (the
 * unmutated base of every mutation) — start from one.
 */
export interface ValidRequest {
  readonly operationId: string;
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | number>>;
  readonly body?: Json;
  readonly description: string;
}

/** The operations a suite can prepare a valid request for (all but the two user-action calls). */
export const PREPARABLE = [
  'CreateKey',
  'ListKeys',
  'GetKey',
  'UpdateKey',
  'DeleteKey',
  'DelegateKey',
  'DeriveKey',
  'GenerateSignature',
  'ListSignatures',
  'GetSignature',
  'ImportKey',
  'ExportKey',
  'ListSigners',
] as const;

export type PreparableOperation = (typeof PREPARABLE)[number];

function signingFormat(h: Harness, context: TestContext): KeyFormat {
  const format = h.profile.keyFormats.find((f) => f.scheme !== 'DH');
  if (format === undefined) return context.skip('not applicable: the profile lists no signing key format');
  return format;
}

async function freshKey(
  h: Harness,
  context: TestContext,
  label: string,
  extra: Json = {},
): Promise<{ id: string; format: KeyFormat }> {
  const format = signingFormat(h, context);
  const { id } = await createKey(h, { scheme: format.scheme, curve: format.curve, ...extra }, label);
  return { id, format };
}

/** Prepares a valid request for an operation; skips the test as not applicable when the profile lacks what it needs. */
export async function prepareValidRequest(
  h: Harness,
  context: TestContext,
  operationId: PreparableOperation,
  label: string,
): Promise<ValidRequest> {
  switch (operationId) {
    case 'CreateKey': {
      const format = signingFormat(h, context);
      return {
        operationId,
        body: { scheme: format.scheme, curve: format.curve, name: h.keyName(label) },
        description: 'CreateKey',
      };
    }
    case 'ListKeys':
      return { operationId, query: { limit: 2 }, description: 'ListKeys' };
    case 'ListSigners':
      return { operationId, description: 'ListSigners' };
    case 'GetKey': {
      const { id } = await freshKey(h, context, label);
      return { operationId, pathParams: { keyId: id }, description: 'GetKey on an existing key' };
    }
    case 'UpdateKey': {
      const { id } = await freshKey(h, context, label);
      return {
        operationId,
        pathParams: { keyId: id },
        body: { name: h.keyName(`${label}-renamed`) },
        description: 'UpdateKey',
      };
    }
    case 'DeleteKey': {
      const { id } = await freshKey(h, context, label);
      return { operationId, pathParams: { keyId: id }, description: 'DeleteKey on an active key' };
    }
    case 'DelegateKey': {
      requireCapability(h, context, 'delegation');
      const user = h.profile.endUserId;
      if (user === undefined)
        return context.skip('not applicable: the profile names no endUserId to delegate to');
      const { id } = await freshKey(h, context, label, { delayDelegation: true });
      return {
        operationId,
        pathParams: { keyId: id },
        body: { delegateTo: user },
        description: 'DelegateKey after delayDelegation',
      };
    }
    case 'DeriveKey': {
      requireCapability(h, context, 'derive');
      if (!h.profile.keyFormats.some((f) => f.scheme === 'DH')) {
        return context.skip('not applicable: the profile has no DH keys');
      }
      const { id } = await createKey(h, { scheme: 'DH', curve: 'secp256k1' }, label);
      return {
        operationId,
        pathParams: { keyId: id },
        body: { domain: '0x6b63', seed: '0x01' },
        description: 'DeriveKey on a DH key',
      };
    }
    case 'GenerateSignature': {
      const { id, format } = await freshKey(h, context, label);
      return {
        operationId,
        pathParams: { keyId: id },
        body: hashRequest(format.scheme, randomHash()),
        description: `Hash on a ${format.scheme}/${format.curve} key`,
      };
    }
    case 'ListSignatures': {
      const { id } = await freshKey(h, context, label);
      return { operationId, pathParams: { keyId: id }, query: { limit: 2 }, description: 'ListSignatures' };
    }
    case 'GetSignature': {
      const { id, format } = await freshKey(h, context, label);
      const created = successBody(
        await h.call('GenerateSignature', {
          pathParams: { keyId: id },
          body: hashRequest(format.scheme, randomHash()),
        }),
        'GenerateSignature',
      );
      return {
        operationId,
        pathParams: { keyId: id, signatureId: String(created.id) },
        description: 'GetSignature',
      };
    }
    case 'ImportKey': {
      requireCapability(h, context, 'import');
      const format = h.profile.keyFormats.find((f) => f.scheme === 'ECDSA' && f.curve === 'secp256k1');
      if (format === undefined)
        return context.skip('not applicable: the profile has no ECDSA/secp256k1 keys');
      const signers = await listSigners(h);
      const request = buildImportRequest({
        secret: secp256k1.utils.randomSecretKey(),
        curve: 'secp256k1',
        protocol: format.protocol,
        minSigners: h.profile.importThreshold,
        signers,
        name: h.keyName(label),
      });
      return {
        operationId,
        body: request.body as unknown as Json,
        description: 'ImportKey of a random secp256k1 key',
      };
    }
    case 'ExportKey': {
      requireCapability(h, context, 'export');
      const { id, format } = await freshKey(h, context, label);
      const { encryptionKeyWire } = generateExportKeyPair();
      return {
        operationId,
        pathParams: { keyId: id },
        body: {
          encryptionKey: encryptionKeyWire,
          supportedSchemes: [{ protocol: format.protocol, curve: format.curve }],
        },
        description: 'ExportKey',
      };
    }
  }
}

/** The first cluster's signers, as ImportKey needs them. */
export async function listSigners(h: Harness): Promise<SignerInfo[]> {
  const body = successBody(await h.call('ListSigners'), 'ListSigners');
  const clusters = Array.isArray(body.clusters) ? (body.clusters as Record<string, unknown>[]) : [];
  const signers = clusters[0]?.signers;
  if (!Array.isArray(signers) || signers.length === 0)
    throw new PreconditionError('ListSigners lists no signers');
  return signers as SignerInfo[];
}
