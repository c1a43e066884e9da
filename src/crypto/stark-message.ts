import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { MAX_VALUE, Point } from '@scure/starknet';
import { fail } from './errors.ts';

/**
 * How a 32-byte Hash maps to the message of Stark-curve ECDSA. Unknown for Dfns [I] (key-crypto.md §6.4,
 * §10.6), so it is a named, switchable rule. StarkWare ECDSA (and @scure/starknet) signs a message z with
 * 0 ≤ z < 2^251 and uses z itself; the Stark group order n is just above 2^251.
 *
 * - 'reduce-mod-n' (default): z = int(hash) mod n, the generic ECDSA reduction a CGGMP implementation over
 *   generic-ec applies (`Scalar::from_be_bytes_mod_order`). It accepts every hash the contract allows; the
 *   only failure is a reduced z in [2^251, n), a probability of about 2^-55 for a random hash.
 * - 'require-below-2^251': z = int(hash) and a hash ≥ 2^251 is refused, the StarkWare convention that a
 *   message is already a field element.
 * Both rules give the same z for every hash below 2^251, so suites send such hashes unless they probe the
 * rule (then they report which rule the target follows). The reference target uses the default.
 */
export type StarkHashRule = 'reduce-mod-n' | 'require-below-2^251';
export const STARK_HASH_RULES: readonly StarkHashRule[] = ['reduce-mod-n', 'require-below-2^251'];

/** The Stark message z as 32 bytes big-endian, or a `hash-out-of-range` error. */
export function starkMessageFromHash(hash: Uint8Array, rule: StarkHashRule = 'reduce-mod-n'): Uint8Array {
  if (hash.length !== 32) fail('bad-length', `hash must be 32 bytes, got ${hash.length}`);
  const h = bytesToNumberBE(hash);
  const z = rule === 'reduce-mod-n' ? h % Point.Fn.ORDER : h;
  if (z >= MAX_VALUE) {
    fail(
      'hash-out-of-range',
      rule === 'reduce-mod-n'
        ? 'hash reduced mod the Stark order is not below 2^251, so Stark ECDSA cannot sign it'
        : 'hash must be below 2^251 to be a Stark message',
    );
  }
  return numberToBytesBE(z, 32);
}
