import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { encryptionKeyFor } from '../../src/crypto/ecies.ts';
import type { SignerInfo } from '../../src/crypto/import-request.ts';

/** A deterministic simulated signer cluster for tests: test keys derived from a label, never real ones. */
export interface TestCluster {
  readonly signers: readonly SignerInfo[];
  decryptionKeyOf(signerId: string): Uint8Array;
}

export function testCluster(n: number, label = 'test-cluster'): TestCluster {
  const keys = new Map<string, Uint8Array>();
  const signers = Array.from({ length: n }, (_, i) => {
    const decryptionKey = sha256(utf8ToBytes(`${label}/decryption-key/${i}`));
    const signerId = base64.encode(sha256(utf8ToBytes(`${label}/signer-id/${i}`)));
    keys.set(signerId, decryptionKey);
    return { signerId, encryptionKey: encryptionKeyFor(decryptionKey) };
  });
  return {
    signers,
    decryptionKeyOf: (signerId) => {
      const key = keys.get(signerId);
      if (key === undefined) throw new Error(`no signer ${signerId} in the test cluster`);
      return key;
    },
  };
}
