import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curveByName } from '../../src/crypto/curves.ts';
import { encryptShare } from '../../src/crypto/ecies.ts';
import { toBase64 } from '../../src/crypto/encoding.ts';
import {
  sortSignersById,
  type ImportFault,
  type ImportRequestInput,
} from '../../src/crypto/import-request.ts';
import { sharesFromPolynomial } from '../../src/crypto/shamir.ts';
import { encodeImportPlaintext } from '../../src/crypto/share-codec.ts';
import { knownKey } from '../../fixtures/known-keys.ts';
import {
  errorMessageOf,
  knownKeyImport,
  okBody,
  openSession,
  signersOf,
  statusOf,
  type Session,
} from './session.ts';

/**
 * ImportKey refuses every malformed share set with 400 and a message that names the problem
 * (key-crypto.md §4): the checks a signer can make on its own entry and on the public shares.
 */
let session: Session;
beforeAll(async () => {
  session = await openSession();
});
afterAll(async () => {
  await session.close();
});

const ANVIL = knownKey('anvil-0-ecdsa');

async function importWith(
  extra: Partial<ImportRequestInput>,
  edit: (body: Record<string, unknown>) => Record<string, unknown> = (b) => b,
) {
  const request = await knownKeyImport(session, 'anvil-0-ecdsa', extra);
  return session.call({ method: 'POST', path: '/keys/import', body: edit({ ...request.body }) });
}

describe('ImportKey refusals', () => {
  it.each<{ name: string; faults: ImportFault[]; message: RegExp }>([
    {
      name: 'a missing signer',
      faults: [{ kind: 'omit-share', index: 3 }],
      message: /has 4 entries but no share for signer .+; expected one share for each of the 5 signers/,
    },
    {
      name: 'a duplicated signer',
      faults: [{ kind: 'duplicate-share', index: 2 }],
      message: /has more than one share \(encryptedKeyShares\[1\] and \[2\]\)/,
    },
    {
      name: 'a share encrypted to another signer',
      faults: [{ kind: 'encrypted-to-wrong-signer', index: 4 }],
      message: /cannot be decrypted with that signer's key: AES-GCM authentication tag mismatch/,
    },
    {
      name: 'a corrupted ciphertext',
      faults: [{ kind: 'corrupt-ciphertext', index: 1 }],
      message: /cannot be decrypted with that signer's key/,
    },
    {
      name: 'a secret share that disagrees with public_shares',
      faults: [{ kind: 'inconsistent-share', index: 5 }],
      message: /does not match public_shares\[4\]: the shares are inconsistent/,
    },
  ])('$name', async ({ faults, message }) => {
    const exchange = await importWith({ faults });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(message);
  });

  it('public shares of a polynomial of higher degree than minSigners - 1', async () => {
    const secret = BigInt(`0x${ANVIL.secret}`);
    const exchange = await importWith({ polynomial: [secret, 11n, 22n, 33n] });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe(
      'public_shares do not lie on one polynomial of degree 2 (minSigners 3): the shares are inconsistent',
    );
  });

  it('an unknown signer id', async () => {
    const exchange = await importWith({}, (body) => {
      const entries = [...(body.encryptedKeyShares as { signerId: string; encryptedKeyShare: string }[])];
      entries[0] = { ...entries[0]!, signerId: toBase64(new Uint8Array(32).fill(7)) };
      return { ...body, encryptedKeyShares: entries };
    });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(
      /^encryptedKeyShares\[0\]\.signerId BwcH.+ is not a signer of this cluster \(see ListSigners\)$/,
    );
  });

  it.each([2, 4, 5])('minSigners %i, which is not the cluster threshold', async (minSigners) => {
    const exchange = await importWith({}, (body) => ({ ...body, minSigners }));
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe(
      `minSigners must equal this cluster's signing threshold (3 of 5 signers), got ${minSigners}`,
    );
  });

  it.each([
    {
      protocol: 'FROST',
      curve: 'secp256k1',
      message: 'protocol FROST cannot import a secp256k1 key (FROST imports ed25519 keys)',
    },
    {
      protocol: 'GLOW20_DH',
      curve: 'stark',
      message: 'protocol GLOW20_DH cannot import a stark key (GLOW20_DH imports secp256k1 keys)',
    },
  ])('protocol $protocol with curve $curve', async ({ protocol, curve, message }) => {
    const exchange = await importWith({}, (body) => ({ ...body, protocol, curve }));
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe(message);
  });

  it('shares of another curve than the body names', async () => {
    const exchange = await importWith({}, (body) => ({ ...body, curve: 'stark', protocol: 'CGGMP24' }));
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toMatch(
      /is not a valid share plaintext: public_shares\[0\].curve must be "stark", got "secp256k1"/,
    );
  });

  it('shares of the zero key', async () => {
    const curve = curveByName('secp256k1');
    const signers = sortSignersById(await signersOf(session));
    const shares = sharesFromPolynomial(curve, [0n, 5n, 7n], [1n, 2n, 3n, 4n, 5n]);
    const publicShares = shares.map((s) => curve.multiplyBase(s.value));
    const body = {
      protocol: 'CGGMP24',
      curve: 'secp256k1',
      minSigners: 3,
      encryptedKeyShares: signers.map((signer, i) => ({
        signerId: signer.signerId,
        encryptedKeyShare: toBase64(
          encryptShare(signer.encryptionKey, encodeImportPlaintext(curve, shares[i]!.value, publicShares)),
        ),
      })),
    };
    const exchange = await session.call({ method: 'POST', path: '/keys/import', body });
    expect(statusOf(exchange)).toBe(400);
    expect(errorMessageOf(exchange)).toBe('the shares encode the zero key, which is not a valid private key');
  });
});

describe('ImportKey acceptances', () => {
  it('entries in any order (each signer finds its own)', async () => {
    const exchange = await importWith({ faults: [{ kind: 'reverse-order' }] });
    expect(okBody(exchange).publicKey).toBe(ANVIL.publicKey);
  });

  it.each(['CGGMP21', 'CGGMP24', 'KU23'])('protocol %s for a secp256k1 ECDSA key', async (protocol) => {
    const key = okBody(await importWith({ protocol }));
    expect(key).toMatchObject({ scheme: 'ECDSA', curve: 'secp256k1', publicKey: ANVIL.publicKey });
  });

  it('GLOW20_DH makes a DH key whose DeriveKey output is d·H computed from partial points', async () => {
    const { deriveDhOutput } = await import('../../src/crypto/dh-derive.ts');
    const key = okBody(await importWith({ protocol: 'GLOW20_DH' }));
    expect(key.scheme).toBe('DH');
    const body = { domain: '0x64666e73', seed: '0x0102' };
    const output = okBody(
      await session.call({
        method: 'POST',
        path: '/keys/{keyId}/derive',
        pathParams: { keyId: key.id as string },
        body,
      }),
    ).output;
    expect(output).toBe(
      deriveDhOutput(BigInt(`0x${ANVIL.secret}`), hexToBytes('64666e73'), hexToBytes('0102')),
    );
  });

  it('a name and masterKey are kept', async () => {
    const key = okBody(await importWith({ name: 'hardhat key' }, (body) => ({ ...body, masterKey: true })));
    expect(key).toMatchObject({ name: 'hardhat key', masterKey: true, imported: true });
  });
});
