import { bytesToHex } from '@noble/hashes/utils.js';
import { curveByName, type PointForm } from '../../src/crypto/curves.ts';
import type { FaultSet } from '../faults.ts';
import type { ReferenceState } from '../state.ts';
import type { KeyRecord } from '../store/key-store.ts';
import type { SignatureRecord } from '../store/signature-store.ts';

/**
 * The JSON forms of stored records: Key (openapi.yaml#/components/schemas/Key) and SignatureRequest. Only
 * fields of the schema appear, so the same view serves ClosedKey (UpdateKey, DeleteKey).
 */
// A key's public key is read on every GetKey and for every key of every ListKeys page, and encoding a
// noble point costs a field inversion each time: each form is encoded once per key.
const encodedPublicKeys = new WeakMap<KeyRecord, Partial<Record<PointForm, string>>>();

function publicKeyHex(key: KeyRecord, form: PointForm): string {
  let encoded = encodedPublicKeys.get(key);
  if (encoded === undefined) {
    encoded = {};
    encodedPublicKeys.set(key, encoded);
  }
  encoded[form] ??= bytesToHex(curveByName(key.curve).encodePoint(key.publicKey, form));
  return encoded[form];
}

export function keyView(key: KeyRecord, faults: FaultSet): Record<string, unknown> {
  const form: PointForm =
    faults.on('uncompressed-public-key') && key.curve === 'secp256k1' ? 'uncompressed' : 'compressed';
  // The `export-not-recorded` fault hides the export from readers; the key still behaves as exported.
  const exportShown = !faults.on('export-not-recorded');
  return {
    id: key.id,
    scheme: key.scheme,
    curve: key.curve,
    publicKey: publicKeyHex(key, form),
    ...(key.name === undefined ? {} : { name: key.name }),
    ...(key.masterKey ? { masterKey: true } : {}),
    status: key.status,
    custodial: key.custodial,
    imported: key.imported,
    exported: key.exported && exportShown,
    dateCreated: key.dateCreated,
    ...(key.dateExported === undefined || !exportShown ? {} : { dateExported: key.dateExported }),
    ...(key.dateDeleted === undefined ? {} : { dateDeleted: key.dateDeleted }),
  };
}

/** GetKey's KeyDetails: the key, the wallets it backs (none here) and where its shares are stored. */
export function keyDetailsView(key: KeyRecord, state: ReferenceState): Record<string, unknown> {
  return {
    ...keyView(key, state.faults),
    wallets: [],
    store: { id: state.storeId, kind: 'Mpc', keyId: key.id },
  };
}

export function signatureView(record: SignatureRecord): Record<string, unknown> {
  return {
    id: record.id,
    keyId: record.keyId,
    requester: record.requester,
    requestBody: record.requestBody,
    status: 'Signed',
    signature: record.signature,
    ...(record.network === undefined ? {} : { network: record.network }),
    ...(record.externalId === undefined ? {} : { externalId: record.externalId }),
    dateRequested: record.dateRequested,
    dateSigned: record.dateSigned,
  };
}
