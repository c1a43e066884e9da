import { hexToBytes } from '@noble/hashes/utils.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { knownKey, type KnownKey } from '../../../fixtures/known-keys.ts';

/** The fixture keys the check tests sign with (public test keys, never real ones). */
export interface TestKey {
  readonly fixture: KnownKey;
  readonly secret: bigint;
}

function testKey(id: string): TestKey {
  const fixture = knownKey(id);
  return { fixture, secret: bytesToNumberBE(hexToBytes(fixture.secret)) };
}

export const ANVIL = testKey('anvil-0-ecdsa');
export const STARK = testKey('starknet-readme-key');
export const RFC8032 = testKey('rfc8032-test-1');
export const TAPROOT = testKey('anvil-0-schnorr');
