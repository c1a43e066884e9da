import { randomBytes } from '@noble/hashes/utils.js';
import { parseHex } from '../../src/crypto/encoding.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { encodeApiSignature, type ApiSignature } from '../../src/crypto/signature-encoding.ts';
import { parseMerkleRoot } from '../../src/crypto/taproot.ts';
import { withCombinedSecret } from '../cluster/cluster.ts';
import { deriveDh } from '../cluster/dh.ts';
import { badRequest, conflict, notFound, quote } from '../errors.ts';
import { entityId, freshId } from '../ids.ts';
import { signPayload, type SignPayload } from '../signing/sign-payload.ts';
import { isoDate, type ReferenceState } from '../state.ts';
import type { KeyRecord } from '../store/key-store.ts';
import { paginate } from '../store/pagination.ts';
import { canonicalJson, type SignatureRecord } from '../store/signature-store.ts';
import { assertUsable, findKey, renamedKeys } from './key-rules.ts';
import { fields, ok, stringParam, type Handler } from './handler.ts';
import { signatureView } from './views.ts';

/** GenerateSignature, ListSignatures, GetSignature (keys-api.md §4.9-4.12) and DeriveKey (§4.7). */

export const generateSignature: Handler = ({ state, params, body }) => {
  const key = findKey(state, stringParam(params, 'keyId'));
  const b = fields(body);
  const canonicalBody = canonicalJson(b);
  const externalId = b.externalId as string | undefined;
  const earlier = externalId === undefined ? undefined : state.signatures.byExternalId(externalId);
  if (earlier !== undefined) {
    const replay = earlier.keyId === key.id && earlier.canonicalBody === canonicalBody;
    if (replay && !state.faults.on('external-id-duplicates')) return ok(signatureView(earlier));
    if (!replay && !state.faults.on('external-id-conflict-200')) {
      throw conflict(`externalId ${quote(externalId)} is already used by another signature request`, {
        duplicate: { id: earlier.id, externalId: earlier.externalId },
      });
    }
  }
  assertUsable(key, 'sign', {
    deleted:
      state.faults.on('signs-after-delete') ||
      (state.faults.on('signs-after-rename-and-delete') && renamedKeys.has(key)),
    exported: state.faults.on('signs-after-export'),
  });
  const payload = signPayloadOf(key, b);
  let raw;
  try {
    raw = withCombinedSecret(state.cluster, key.id, key.curve, (secret) =>
      signPayload(secret, key, payload, state.faults),
    );
  } catch (error) {
    if (error instanceof CryptoInputError)
      throw badRequest(`cannot sign this hash with key ${key.id}: ${error.message}`);
    throw error;
  }
  const requested = isoDate(state);
  const record = state.signatures.add({
    id: freshId(
      () => entityId('sig'),
      (id) => state.signatures.has(id),
    ),
    keyId: key.id,
    requester: { userId: state.identity.userId, tokenId: state.identity.tokenId },
    requestBody: b,
    canonicalBody,
    externalId,
    network: b.network as string | undefined,
    signature: encodeSignature(state, encodeApiSignature(raw)),
    dateRequested: requested,
    dateSigned: isoDate(state),
  });
  return ok(signatureView(record));
};

/** What to sign, after the rules that depend on the key: kinds per scheme, taprootMerkleRoot for Schnorr. */
function signPayloadOf(key: KeyRecord, b: Readonly<Record<string, unknown>>): SignPayload {
  const kind = b.kind as string;
  if (key.scheme === 'DH') {
    throw badRequest(`key ${key.id} is a DH key: it cannot sign, only derive (DeriveKey)`);
  }
  if (kind === 'Hash') {
    const hash = parseHex(b.hash, 'hash', { allow0x: true, bytes: 32 });
    const root = b.taprootMerkleRoot;
    if (key.scheme === 'Schnorr' && root === undefined) {
      throw badRequest(
        'taprootMerkleRoot is required with a Schnorr key ("" signs under the key-path tweak with no script tree)',
      );
    }
    if (key.scheme !== 'Schnorr' && root !== undefined) {
      throw badRequest(`taprootMerkleRoot applies to Schnorr keys only; key ${key.id} is ${key.scheme}`);
    }
    return { kind, hash, merkleRoot: root === undefined ? undefined : parseMerkleRoot(root) };
  }
  if (kind === 'Message') {
    if (key.scheme !== 'EdDSA') {
      throw badRequest(
        `kind Message is not supported by this target for ${key.scheme} keys (only EdDSA keys sign messages); use kind Hash`,
      );
    }
    return { kind, message: parseHex(b.message, 'message', { allow0x: true }) };
  }
  throw badRequest(
    `kind ${kind} is not supported by this target: it signs kind Hash with every scheme and kind Message with EdDSA keys`,
  );
}

/** The API form of r and s; the `signature-hex-without-0x` fault drops the prefix. */
function encodeSignature(state: ReferenceState, signature: ApiSignature): ApiSignature {
  if (!state.faults.on('signature-hex-without-0x')) return signature;
  return { ...signature, r: signature.r.slice(2), s: signature.s.slice(2) };
}

export const listSignatures: Handler = ({ state, params }) => {
  const key = findKey(state, stringParam(params, 'keyId'));
  const page = paginate(
    state.signatures.newestFirstOf(key.id),
    `signatures:${key.id}`,
    (params.limit as number | undefined) ?? 50,
    params.paginationToken as string | undefined,
  );
  return ok({
    keyId: key.id,
    items: page.items.map(signatureView),
    ...(page.nextPageToken === undefined ? {} : { nextPageToken: page.nextPageToken }),
  });
};

export const getSignature: Handler = ({ state, params }) => {
  const key = findKey(state, stringParam(params, 'keyId'));
  const signatureId = stringParam(params, 'signatureId');
  const record: SignatureRecord | undefined = state.signatures.get(signatureId);
  if (record === undefined || record.keyId !== key.id) {
    throw notFound(`signature request ${quote(signatureId)} of key ${key.id} not found`);
  }
  return ok(signatureView(record));
};

export const deriveKey: Handler = ({ state, params, body }) => {
  const key = findKey(state, stringParam(params, 'keyId'));
  assertUsable(key, 'derive');
  if (key.scheme !== 'DH') {
    throw badRequest(
      `DeriveKey needs a DH key (scheme DH, curve secp256k1); key ${key.id} is ${key.scheme}/${key.curve}`,
    );
  }
  const b = fields(body);
  const domain = parseHex(b.domain, 'domain', { allow0x: true });
  let seed = parseHex(b.seed, 'seed', { allow0x: true });
  if (state.faults.on('derive-not-deterministic')) seed = new Uint8Array([...seed, ...randomBytes(16)]);
  try {
    return ok({ output: deriveDh(state.cluster, key.id, domain, seed) });
  } catch (error) {
    if (error instanceof CryptoInputError) throw badRequest(error.message);
    throw error;
  }
};
