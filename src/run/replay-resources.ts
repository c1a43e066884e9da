import { randomBytes } from '@noble/hashes/utils.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { curveByName, isCurveName, type CurveName } from '../crypto/curves.ts';
import { generateExportKeyPair } from '../crypto/export-recovery.ts';
import { buildImportRequest, sortSignersById, type SignerInfo } from '../crypto/import-request.ts';
import { hashRequest } from '../harness/applicability.ts';
import type { Harness } from '../harness/harness.ts';
import { createKey, randomHash, successBody } from '../harness/keys.ts';
import { PreconditionError } from '../harness/precondition.ts';
import { listSigners } from '../harness/valid-requests.ts';
import type { Bindings, KeySpec, SecretSource } from './replay-request.ts';

/**
 * The resources a fuzzed request refers to through placeholders, made on a target: the key `{keyId}`
 * stands for (of the recorded scheme and curve), a signature by it, the profile's end user, a fresh export
 * encryption key, the cluster's signers; and the secrets a request carried (encrypted key shares, a
 * challenge identifier), made afresh. The fuzz suite prepares its resources with these same functions, so
 * a replay rebuilds what the run had.
 */

export interface ResourceNeeds {
  readonly key?: KeySpec;
  readonly signature?: boolean;
  readonly endUserId?: boolean;
  readonly encryptionKey?: boolean;
  readonly signers?: boolean;
}

export interface BoundResources {
  readonly bindings: Bindings;
  /** The cluster's signers sorted as share indexes are assigned (`{signerId:i}` is the i-th). */
  readonly signers?: readonly SignerInfo[];
}

/** Stand-ins for the user-action assertion fields of a CreateUserActionSignature body (never valid). */
export const ASSERTION_STAND_INS: Readonly<Record<string, string>> = {
  credId: 'kc-credential',
  clientData: 'e30',
  signature: 'AA',
};

/** Makes what the needs name; throws PreconditionError when the target or profile cannot provide it. */
export async function bindResources(
  h: Harness,
  needs: ResourceNeeds,
  label: string,
): Promise<BoundResources> {
  const bindings: Record<string, string> = {};
  if (needs.key !== undefined) {
    const { scheme, curve, delayDelegation } = needs.key;
    const { id } = await createKey(
      h,
      { scheme, curve, ...(delayDelegation === true ? { delayDelegation: true } : {}) },
      label,
    );
    bindings.keyId = id;
    if (needs.signature === true) {
      const signed = successBody(
        await h.call('GenerateSignature', {
          pathParams: { keyId: id },
          body: hashRequest(scheme, randomHash()),
        }),
        'GenerateSignature',
      );
      bindings.signatureId = String(signed.id);
    }
  } else if (needs.signature === true) {
    throw new PreconditionError('a signature needs a key to make it');
  }
  if (needs.endUserId === true) {
    const user = h.profile.endUserId;
    if (user === undefined) throw new PreconditionError(`profile ${h.profile.name} names no endUserId`);
    bindings.endUserId = user;
  }
  if (needs.encryptionKey === true) bindings.encryptionKey = generateExportKeyPair().encryptionKeyWire;
  let signers: SignerInfo[] | undefined;
  if (needs.signers === true) {
    signers = sortSignersById(await listSigners(h));
    signers.forEach((signer, i) => {
      bindings[`signerId:${i}`] = signer.signerId;
    });
  }
  return { bindings, ...(signers === undefined ? {} : { signers }) };
}

function randomScalar(curve: CurveName): bigint {
  const order = curveByName(curve).order;
  return (bytesToNumberBE(randomBytes(48)) % (order - 1n)) + 1n;
}

/**
 * Makes the secrets a recorded request carried, for this target: encrypted key shares of a fresh random
 * key split among its signers (of the body's curve when it names one), a fresh challenge identifier, and
 * the stand-ins of an assertion.
 */
export function replaySecrets(
  h: Harness,
  body: unknown,
  resources: BoundResources,
  challengeIdentifier: () => string | undefined,
): SecretSource {
  let shares: readonly string[] | undefined;
  return (field, n) => {
    if (field === 'encryptedKeyShare') {
      const signers = resources.signers;
      if (signers === undefined || signers.length === 0)
        throw new PreconditionError('no signers to encrypt shares to');
      if (shares === undefined) {
        const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
        const curve: CurveName = isCurveName(fields.curve) ? fields.curve : 'secp256k1';
        const format = h.profile.keyFormats.find((f) => f.curve === curve && f.scheme !== 'DH');
        const made = buildImportRequest({
          secret: randomScalar(curve),
          curve,
          protocol: typeof fields.protocol === 'string' ? fields.protocol : (format?.protocol ?? 'CGGMP24'),
          minSigners: h.profile.importThreshold,
          signers,
        });
        shares = made.body.encryptedKeyShares.map((e) => e.encryptedKeyShare);
      }
      return shares[n % shares.length] ?? '';
    }
    if (field === 'challengeIdentifier') {
      const id = challengeIdentifier();
      if (id === undefined) throw new PreconditionError('no user-action challenge to refer to');
      return id;
    }
    const standIn = ASSERTION_STAND_INS[field];
    if (standIn !== undefined) return standIn;
    throw new PreconditionError(`the input held a ${field}, which a replay cannot make`);
  };
}

/** A fresh user-action challenge for a CreateKey of the profile's first format: its identifier. */
export async function freshChallenge(h: Harness): Promise<string> {
  const format = h.profile.keyFormats[0];
  const body = successBody(
    await h.call('CreateUserActionChallenge', {
      body: {
        userActionHttpMethod: 'POST',
        userActionHttpPath: '/keys',
        userActionPayload: JSON.stringify({
          scheme: format?.scheme ?? 'ECDSA',
          curve: format?.curve ?? 'secp256k1',
        }),
        userActionServerKind: 'Api',
      },
    }),
    'CreateUserActionChallenge',
  );
  return String(body.challengeIdentifier);
}
