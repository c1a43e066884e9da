import { hexToBytes } from '@noble/hashes/utils.js';
import type { CurveName } from '../../crypto/curves.ts';
import { checkPublicKey, type PublicKeyProblem } from '../../crypto/public-key.ts';
import { responseObject } from '../body.ts';
import { isSuccess, PASS, type Check, type CheckFailure } from '../check.ts';

/**
 * public_key_encoding: a `publicKey` (Key, ExportKeyResponse) is lowercase hex without 0x of a point on the
 * key's curve, in the documented form (key-crypto.md §7): SEC1 compressed, 33 bytes, for secp256k1 [C];
 * the 32-byte RFC 8032 encoding for ed25519 [C]; for stark compressed unless the profile says the target
 * reports it uncompressed (hypothesis starkPublicKeyCompressed, [I]).
 */
export interface PublicKeyExpectation {
  readonly keyId: string;
  readonly curve: CurveName;
  /** Stark only (profile hypothesis); default true. */
  readonly starkPublicKeyCompressed?: boolean;
}

export const publicKeyEncoding: Check<PublicKeyExpectation> = {
  id: 'public_key_encoding',
  severity: 'high',
  rationale:
    'Wallet SDKs turn publicKey into addresses by its bytes: an uncompressed, x-only or off-curve key gives a different address or none, and funds sent there are lost.',
  run(exchange, context, expectation) {
    const status = exchange.response?.status;
    if (status === undefined || !isSuccess(status)) return 'not-applicable';
    const body = responseObject(exchange);
    if (body === undefined || !('publicKey' in body)) return 'not-applicable';
    const pointer =
      context.operation?.operationId === 'ExportKey'
        ? '#/components/schemas/ExportKeyResponse/properties/publicKey'
        : '#/components/schemas/Key/properties/publicKey';
    const value = body.publicKey;
    const checked = checkPublicKey(expectation.curve, value);
    const stark = expectation.curve === 'stark';
    const wantUncompressed = stark && expectation.starkPublicKeyCompressed === false;
    let problems: readonly PublicKeyProblem[] = checked.ok ? [] : checked.problems;
    if (wantUncompressed) {
      problems = problems.filter((p) => p.code !== 'uncompressed');
      if (checked.point !== undefined && typeof value === 'string' && isCompressed(value)) {
        problems = [
          ...problems,
          {
            code: 'wrong-length',
            message:
              'publicKey is compressed (33 bytes); the profile expects stark keys uncompressed (hypothesis starkPublicKeyCompressed: false)',
          },
        ];
      }
    }
    if (problems.length === 0) return PASS;
    return problems.map((problem): CheckFailure => ({
      message: `${expectation.curve} key ${expectation.keyId}: ${problem.message}${stark && problem.code === 'uncompressed' ? ' (profile hypothesis starkPublicKeyCompressed: true; set it to false if the target means to report stark keys uncompressed)' : ''}`,
      pointer,
      subject: expectation.curve,
      evidence: {
        keyId: expectation.keyId,
        curve: expectation.curve,
        publicKey: value ?? null,
        problem: problem.code,
        expected: EXPECTED[expectation.curve],
      },
    }));
  },
};

const EXPECTED: Readonly<Record<CurveName, string>> = {
  secp256k1: 'lowercase hex, no 0x, SEC1 compressed point (33 bytes)',
  stark: 'lowercase hex, no 0x, SEC1 compressed point (33 bytes) unless the profile says uncompressed',
  ed25519: 'lowercase hex, no 0x, the 32-byte RFC 8032 point',
};

function isCompressed(hex: string): boolean {
  const digits = hex.replace(/^0x/i, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) return false;
  const bytes = hexToBytes(digits);
  return bytes.length === 33 && (bytes[0] === 2 || bytes[0] === 3);
}
