import { hexToBytes } from '@noble/hashes/utils.js';
import type { ExportExpectation } from '../../src/checks/crypto/index.ts';
import { positiveDataAccepted } from '../../src/checks/data.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { generateExportKeyPair } from '../../src/crypto/export-recovery.ts';
import { redact } from '../../src/crypto/redacted.ts';
import type { Harness } from '../../src/harness/harness.ts';
import type { KeyUnderTest } from './keys-under-test.ts';

/**
 * ExportKey for the crypto suite: a fresh client key pair per export (the decryption key goes straight into a
 * Redacted holder and never further than the checks), the key's own scheme advertised, and the expectation
 * the export checks take.
 */
export interface Exported {
  readonly exchange: Exchange;
  readonly expectation: ExportExpectation;
}

export async function exportKey(
  h: Harness,
  key: KeyUnderTest,
  options: { readonly exactPlaintexts?: boolean } = {},
): Promise<Exported> {
  const pair = generateExportKeyPair();
  const exchange = await h.call('ExportKey', {
    pathParams: { keyId: key.id },
    body: {
      encryptionKey: pair.encryptionKeyWire,
      supportedSchemes: [{ protocol: key.protocol, curve: key.curve }],
    },
  });
  h.check(positiveDataAccepted, exchange, {
    description: `ExportKey of ${key.origin} ${key.scheme}/${key.curve} key ${key.id}`,
  });
  const seed = key.known?.seed;
  return {
    exchange,
    expectation: {
      keyId: key.id,
      scheme: key.scheme,
      curve: key.curve,
      decryptionKey: redact(pair.decryptionKey),
      publicKey: key.publicKey,
      ...(key.secret === undefined ? {} : { secret: key.secret }),
      ...(seed === undefined ? {} : { seed: redact(hexToBytes(seed)) }),
      ...(key.known === undefined ? {} : { knownKeyId: key.known.id }),
      ...(options.exactPlaintexts === true ? { exactPlaintexts: true } : {}),
    },
  };
}
