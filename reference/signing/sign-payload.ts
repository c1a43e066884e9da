import { schnorr } from '@noble/curves/secp256k1.js';
import { numberToBytesBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import type { CurveName } from '../../src/crypto/curves.ts';
import {
  signEcdsaSecp256k1,
  signEcdsaStark,
  signEd25519WithScalar,
  signSchnorrTaproot,
} from '../../src/crypto/sign.ts';
import type { RawSignature } from '../../src/crypto/signature-encoding.ts';
import type { Scheme } from '../cluster/key-formats.ts';
import type { FaultSet } from '../faults.ts';
import { nonceFromKeyOnly, nonceWithTopByteZero, signEcdsaWithNonce } from './faulty-ecdsa.ts';
import { applySignatureFaults } from './signature-faults.ts';

/**
 * Makes the signature of one request with a key's combined secret (key-crypto.md §6): ECDSA low-S with recid
 * over the hash as given (no prehash); Stark ECDSA through @scure/starknet; Ed25519 over the bytes, from the
 * scalar; BIP-340 under the BIP-341 tweaked key. ECDSA nonces are hedged (RFC 6979 plus fresh entropy), as a
 * threshold protocol's nonces are random. The handler has already checked that the key can sign this kind.
 */
export type SignPayload =
  | { readonly kind: 'Hash'; readonly hash: Uint8Array; readonly merkleRoot: Uint8Array | undefined }
  | { readonly kind: 'Message'; readonly message: Uint8Array };

export function signPayload(
  secret: bigint,
  key: { readonly scheme: Scheme; readonly curve: CurveName },
  payload: SignPayload,
  faults: FaultSet,
): RawSignature {
  const bytes = payload.kind === 'Hash' ? payload.hash : payload.message;
  let signature: RawSignature;
  if (key.scheme === 'ECDSA' && key.curve === 'secp256k1') {
    signature = signSecp256k1Ecdsa(secret, bytes, faults);
  } else if (key.scheme === 'ECDSA' && key.curve === 'stark') {
    signature = signEcdsaStark(secret, bytes);
  } else if (key.scheme === 'EdDSA' && key.curve === 'ed25519') {
    signature = signEd25519WithScalar(secret, bytes);
  } else if (key.scheme === 'Schnorr' && key.curve === 'secp256k1') {
    const merkleRoot = payload.kind === 'Hash' ? payload.merkleRoot : undefined;
    signature = faults.on('schnorr-untweaked')
      ? splitBip340(schnorr.sign(bytes, numberToBytesBE(secret, 32), randomBytes(32)))
      : signSchnorrTaproot(secret, bytes, merkleRoot, randomBytes(32));
  } else {
    throw new Error(`no signer for ${key.scheme}/${key.curve}`);
  }
  return applySignatureFaults(faults, key.scheme, key.curve, signature);
}

function signSecp256k1Ecdsa(secret: bigint, hash: Uint8Array, faults: FaultSet): RawSignature {
  const signed = faults.on('signs-sha256-of-hash') ? sha256(hash) : hash;
  if (faults.on('ecdsa-repeated-nonce')) return signEcdsaWithNonce(secret, signed, nonceFromKeyOnly(secret));
  if (faults.on('ecdsa-biased-nonce')) return signEcdsaWithNonce(secret, signed, nonceWithTopByteZero());
  return signEcdsaSecp256k1(secret, signed, { extraEntropy: true });
}

function splitBip340(signature: Uint8Array): RawSignature {
  return { r: signature.slice(0, 32), s: signature.slice(32, 64) };
}
