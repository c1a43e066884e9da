import { badRequest, notFound, quote } from '../errors.ts';
import type { ReferenceState } from '../state.ts';
import type { KeyRecord } from '../store/key-store.ts';

/**
 * Lookups and lifecycle rules shared by the key operations. A deleted key stays readable (GetKey answers
 * 200 with status Archived [I]) but can no longer be changed or used; an exported key can no longer sign
 * or derive (keys-api.md §4.14: "by default an exported key can no longer sign within Dfns").
 */
export function findKey(state: ReferenceState, keyId: string): KeyRecord {
  const key = state.keys.get(keyId);
  if (key === undefined) throw notFound(`key ${quote(keyId)} not found`);
  return key;
}

/**
 * Keys renamed under the `signs-after-rename-and-delete` fault: the signer then reads a stale copy of the
 * record, made at the rename, that never learns of a later deletion.
 */
export const renamedKeys = new WeakSet<KeyRecord>();

export function assertNotDeleted(key: KeyRecord, action: string): void {
  if (key.dateDeleted !== undefined) {
    throw badRequest(`key ${key.id} is deleted (Archived) and cannot ${action}`);
  }
}

/** A key that is neither deleted nor exported; `tolerate` is where the lifecycle faults relax a rule. */
export function assertUsable(
  key: KeyRecord,
  action: string,
  tolerate: { readonly deleted?: boolean; readonly exported?: boolean } = {},
): void {
  if (tolerate.deleted !== true) assertNotDeleted(key, action);
  if (key.exported && tolerate.exported !== true) {
    throw badRequest(`key ${key.id} has been exported and can no longer ${action}`);
  }
}
