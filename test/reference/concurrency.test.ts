import { hexToBytes, bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawSignature } from '../../src/crypto/signature-encoding.ts';
import {
  verifyEcdsaSecp256k1,
  verifyEcdsaStark,
  verifyEd25519,
  verifySchnorrTaproot,
} from '../../src/crypto/verify.ts';
import { createKey, okBody, openSession, type Session } from './session.ts';

/**
 * Concurrency: 200 CreateKey and 200 GenerateSignature in flight at once lose nothing, duplicate no id, and
 * every signature verifies; ListKeys paged while keys are being created neither skips nor repeats a key.
 */
let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session.close();
});

const FORMATS = [
  { scheme: 'ECDSA', curve: 'secp256k1' },
  { scheme: 'ECDSA', curve: 'stark' },
  { scheme: 'EdDSA', curve: 'ed25519' },
  { scheme: 'Schnorr', curve: 'secp256k1' },
] as const;

function raw(signature: unknown): RawSignature {
  const s = signature as { r: string; s: string; recid?: 0 | 1 };
  return {
    r: hexToBytes(s.r.slice(2)),
    s: hexToBytes(s.s.slice(2)),
    ...(s.recid === undefined ? {} : { recid: s.recid }),
  };
}

function verifies(key: Record<string, unknown>, hash: Uint8Array, signature: RawSignature): boolean {
  const publicKey = hexToBytes(key.publicKey as string);
  if (key.scheme === 'EdDSA') return verifyEd25519(signature, hash, publicKey).verifies.ok;
  if (key.scheme === 'Schnorr') return verifySchnorrTaproot(signature, hash, publicKey).verifies.ok;
  if (key.curve === 'stark') return verifyEcdsaStark(signature, hash, publicKey).verifies.ok;
  return verifyEcdsaSecp256k1(signature, hash, publicKey).verifies.ok;
}

async function listAll(path: string, pathParams: Record<string, string> = {}): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const body = okBody(
      await session.call({
        method: 'GET',
        path,
        pathParams,
        query: { limit: 50, ...(token === undefined ? {} : { paginationToken: token }) },
      }),
    );
    ids.push(...(body.items as { id: string }[]).map((item) => item.id));
    token = body.nextPageToken as string | undefined;
  } while (token !== undefined);
  return ids;
}

describe('concurrent requests', () => {
  it('200 CreateKey and 200 GenerateSignature at once: 400 distinct ids, all listed, all signatures valid', async () => {
    const signingKeys = await Promise.all(FORMATS.map((f) => createKey(session, { ...f })));
    // Stark ECDSA signs messages below 2^251: a leading zero byte keeps every random hash in range.
    const hashes = Array.from({ length: 200 }, () => new Uint8Array([0, ...randomBytes(31)]));
    const creates = Array.from({ length: 200 }, (_, i) =>
      createKey(session, { ...FORMATS[i % FORMATS.length]!, name: `concurrent ${i}` }),
    );
    const signs = hashes.map(async (hash, i) => {
      const key = signingKeys[i % signingKeys.length]!;
      const body = {
        kind: 'Hash',
        hash: `0x${bytesToHex(hash)}`,
        ...(key.scheme === 'Schnorr' ? { taprootMerkleRoot: '' } : {}),
      };
      const exchange = await session.call({
        method: 'POST',
        path: '/keys/{keyId}/signatures',
        pathParams: { keyId: key.id as string },
        body,
      });
      return { key, hash, request: okBody(exchange) };
    });
    const [created, signed] = await Promise.all([Promise.all(creates), Promise.all(signs)]);

    const ids = [...created.map((k) => k.id), ...signed.map((s) => s.request.id)];
    expect(new Set(ids).size).toBe(400);

    const listedKeys = new Set(await listAll('/keys'));
    expect(created.filter((k) => !listedKeys.has(k.id as string))).toEqual([]);
    expect(listedKeys.size).toBe(204);

    const listedSignatures = new Set(
      (
        await Promise.all(
          signingKeys.map((k) => listAll('/keys/{keyId}/signatures', { keyId: k.id as string })),
        )
      ).flat(),
    );
    expect(signed.filter((s) => !listedSignatures.has(s.request.id as string))).toEqual([]);

    const failing = signed.filter(({ key, hash, request }) => !verifies(key, hash, raw(request.signature)));
    expect(failing.map((f) => f.request.id)).toEqual([]);
  });

  it('ListKeys paged during concurrent creation neither skips nor repeats an existing key', async () => {
    const before = new Set(await listAll('/keys'));
    const creating = Promise.all(
      Array.from({ length: 60 }, () => createKey(session, { scheme: 'EdDSA', curve: 'ed25519' })),
    );
    const walked: string[] = [];
    let token: string | undefined;
    do {
      const body = okBody(
        await session.call({
          method: 'GET',
          path: '/keys',
          query: { limit: 7, ...(token === undefined ? {} : { paginationToken: token }) },
        }),
      );
      walked.push(...(body.items as { id: string }[]).map((k) => k.id));
      token = body.nextPageToken as string | undefined;
    } while (token !== undefined);
    await creating;
    expect(new Set(walked).size).toBe(walked.length);
    expect([...before].filter((id) => !walked.includes(id))).toEqual([]);
  });
});
