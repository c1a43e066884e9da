import { bytesToHex } from '@noble/hashes/utils.js';
import { curveByName, type CurveName } from '../../src/crypto/curves.ts';
import { parseEncryptionKey } from '../../src/crypto/ecies.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import type { Share } from '../../src/crypto/shamir.ts';
import { storeShares } from '../cluster/cluster.ts';
import { exportEncryptedShares, type ExportShareTransform } from '../cluster/export-shares.ts';
import { openImportShares, type EncryptedShareEntry } from '../cluster/import-shares.ts';
import { exportProtocol, importCurvesOf, importScheme, type Protocol } from '../cluster/key-formats.ts';
import { badRequest } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import { isoDate } from '../state.ts';
import { assertNotDeleted, findKey } from './key-rules.ts';
import { fields, ok, stringParam, type Handler } from './handler.ts';
import { newKeyId } from './keys.ts';
import { keyView } from './views.ts';

/** ImportKey (keys-api.md §4.13, key-crypto.md §4) and ExportKey (§4.14, key-crypto.md §5). */

export const importKey: Handler = ({ state, body }) => {
  const b = fields(body);
  const protocol = b.protocol as Protocol;
  const curve = b.curve as CurveName;
  const scheme = importScheme(protocol, curve);
  if (scheme === undefined) {
    throw badRequest(
      `protocol ${protocol} cannot import a ${curve} key (${protocol} imports ${importCurvesOf(protocol).join(', ')} keys)`,
    );
  }
  const opened = openImportShares(
    state.cluster,
    curve,
    b.minSigners as number,
    b.encryptedKeyShares as EncryptedShareEntry[],
    { consistency: !state.faults.on('import-accepts-inconsistent-shares') },
  );
  const id = newKeyId(state);
  storeShares(state.cluster, id, opened.shares);
  const key = state.keys.add({
    id,
    scheme,
    curve,
    protocol,
    publicKey: state.faults.on('import-wrong-public-key') ? opened.publicShares[0]! : opened.publicKey,
    masterKey: b.masterKey === true,
    dateCreated: isoDate(state),
    delayDelegation: false,
    name: b.name as string | undefined,
    status: 'Active',
    custodial: true,
    owner: undefined,
    imported: true,
    exported: false,
    dateExported: undefined,
    dateDeleted: undefined,
  });
  return ok(keyView(key, state.faults));
};

export const exportKey: Handler = ({ state, params, body }) => {
  const key = findKey(state, stringParam(params, 'keyId'));
  assertNotDeleted(key, 'be exported');
  const b = fields(body);
  const encryptionKey = b.encryptionKey as string;
  try {
    parseEncryptionKey(encryptionKey, 'encryptionKey');
  } catch (error) {
    if (error instanceof CryptoInputError)
      throw badRequest(`${error.message} (expected base64 of 0x01 ‖ a compressed secp256k1 point)`);
    throw error;
  }
  const supported = b.supportedSchemes as { protocol: string; curve: string }[];
  const protocol = exportProtocol(key, supported);
  if (protocol === undefined) {
    throw badRequest(
      `supportedSchemes does not include {protocol: ${key.protocol}, curve: ${key.curve}}, the scheme key ${key.id} is held under`,
    );
  }
  const encryptedKeyShares = exportEncryptedShares(
    state.cluster,
    key.id,
    key.curve,
    encryptionKey,
    exportShareFaults(state.faults, key.curve),
  );
  key.exported = true;
  key.dateExported ??= isoDate(state);
  return ok({
    publicKey: bytesToHex(curveByName(key.curve).encodePoint(key.publicKey, 'compressed')),
    protocol,
    curve: key.curve,
    minSigners: state.cluster.threshold,
    encryptedKeyShares,
  });
};

/** The export faults, as a transform of the shares before they are encrypted. */
function exportShareFaults(faults: FaultSet, curveName: CurveName): ExportShareTransform {
  const curve = curveByName(curveName);
  return (shares) => {
    let out: Share[] = [...shares];
    if (faults.on('export-wrong-key'))
      out = out.map((s) => ({ index: s.index, value: curve.Fn.add(s.value, 1n) }));
    if (faults.on('export-swapped-indexes') && out.length >= 2) {
      const [a, b] = [out[0]!, out[1]!];
      out[0] = { index: b.index, value: a.value };
      out[1] = { index: a.index, value: b.value };
    }
    return out;
  };
}
