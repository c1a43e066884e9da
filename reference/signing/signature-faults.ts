import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import type { RawSignature } from '../../src/crypto/signature-encoding.ts';
import type { FaultId, FaultSet } from '../faults.ts';
import type { Scheme } from '../cluster/key-formats.ts';

/**
 * The crypto faults that act on a finished signature: each one transforms (r, s, recid) for the key formats it
 * names. Faults that change how a signature is made (nonces, message, taproot tweak) live in sign-payload.ts.
 */
interface SignatureFault {
  readonly id: FaultId;
  readonly applies: (scheme: Scheme, curve: string) => boolean;
  readonly transform: (signature: RawSignature) => RawSignature;
}

const secpEcdsa = (scheme: Scheme, curve: string) => scheme === 'ECDSA' && curve === 'secp256k1';
const eddsa = (scheme: Scheme) => scheme === 'EdDSA';
const flip = (recid: 0 | 1 | undefined): 0 | 1 => (recid === 1 ? 0 : 1);

const SIGNATURE_FAULTS: readonly SignatureFault[] = [
  {
    id: 'ecdsa-high-s',
    applies: secpEcdsa,
    transform: (sig) => ({
      r: sig.r,
      s: numberToBytesBE(secp256k1.Point.Fn.ORDER - bytesToNumberBE(sig.s), 32),
      recid: flip(sig.recid),
    }),
  },
  { id: 'ecdsa-wrong-recid', applies: secpEcdsa, transform: (sig) => ({ ...sig, recid: flip(sig.recid) }) },
  {
    id: 'eddsa-s-big-endian',
    applies: eddsa,
    transform: (sig) => ({ r: sig.r, s: sig.s.slice().reverse() }),
  },
  {
    id: 'eddsa-s-not-reduced',
    applies: eddsa,
    // S + L < 2^253 still fits 32 bytes; lenient verifiers accept it, strict ones must not.
    transform: (sig) => ({
      r: sig.r,
      s: numberToBytesLE(bytesToNumberLE(sig.s) + ed25519.Point.Fn.ORDER, 32),
    }),
  },
];

export function applySignatureFaults(
  faults: FaultSet,
  scheme: Scheme,
  curve: string,
  signature: RawSignature,
): RawSignature {
  return SIGNATURE_FAULTS.filter((f) => faults.on(f.id) && f.applies(scheme, curve)).reduce(
    (sig, f) => f.transform(sig),
    signature,
  );
}
