import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/checks/check.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { generateExportKeyPair } from '../../src/crypto/export-recovery.ts';
import { endTest } from '../../src/harness/recorder.ts';
import { referenceHarnessEachTest } from '../fuzz/reference-harness.ts';

/**
 * Checks word their findings from the unredacted exchange, and a hostile target can echo the bearer token
 * into anything a message quotes (an error message, a key id). What leaves the worker must not hold it.
 */

const startHarness = referenceHarnessEachTest('test/harness/finding-redaction.test.ts', 'finding redaction');

/** The bearer token as sent, which is what a target echoing the Authorization header would quote. */
function bearerOf(exchange: Exchange): string {
  return (exchange.request.headers.authorization ?? '').replace(/^Bearer /, '');
}

/** A check that fails every exchange, quoting the token in its message and evidence as an echo would. */
const quotesTheToken: Check = {
  id: 'not_a_server_error',
  severity: 'high',
  rationale: 'test only',
  run: (exchange) => [
    { message: `answered 500 ("${bearerOf(exchange)}")`, evidence: { echo: bearerOf(exchange) } },
  ],
};

async function findingOfListKeys(): Promise<{ readonly token: string; readonly reported: string }> {
  const ref = await startHarness();
  const exchange = await ref.h.call('ListKeys', { query: { limit: 1 } });
  ref.h.check(quotesTheToken, exchange, undefined);
  const finding = endTest().findings.find((f) => f.message.startsWith('answered 500'));
  return { token: bearerOf(exchange), reported: JSON.stringify([finding?.message, finding?.evidence]) };
}

describe('Harness.check', () => {
  it('ListKeys: a finding whose message and evidence quote the bearer token reports neither with it', async () => {
    const { token, reported } = await findingOfListKeys();
    expect([token.length > 20, reported.includes(token), reported.includes('[redacted]')]).toEqual([
      true,
      false,
      true,
    ]);
  });
});

/** A check that fails every exchange, quoting the whole answer as text, as a target echoing it later would. */
const quotesTheAnswer: Check = {
  id: 'not_a_server_error',
  severity: 'high',
  rationale: 'test only',
  run: (exchange) => [{ message: `answered 500 ("${exchange.response?.body ?? ''}")` }],
};

describe('Harness: the shares of an export', () => {
  it('ExportKey: a finding that quotes the shares of an earlier export as text reports none of them', async () => {
    const ref = await startHarness();
    const created = await ref.h.call('CreateKey', { body: { scheme: 'ECDSA', curve: 'secp256k1' } });
    const keyId = (created.response?.parsed?.value as { id: string }).id;
    const exported = await ref.h.call('ExportKey', {
      pathParams: { keyId },
      body: {
        encryptionKey: generateExportKeyPair().encryptionKeyWire,
        supportedSchemes: [{ protocol: 'CGGMP24', curve: 'secp256k1' }],
      },
    });
    const shares = (
      exported.response?.parsed?.value as { encryptedKeyShares: { encryptedKeyShare: string }[] }
    ).encryptedKeyShares.map((s) => s.encryptedKeyShare);
    const listed = await ref.h.call('ListKeys', { query: { limit: 1 } });
    ref.h.check(
      quotesTheAnswer,
      { ...listed, response: { ...listed.response!, body: exported.response!.body } },
      undefined,
    );
    const reported = JSON.stringify(endTest().findings.map((f) => f.message));
    expect([shares.length > 0, shares.some((s) => reported.includes(s))]).toEqual([true, false]);
  });
});
