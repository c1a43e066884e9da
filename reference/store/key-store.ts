import type { CurveName, ECPoint } from '../../src/crypto/curves.ts';
import type { Protocol, Scheme } from '../cluster/key-formats.ts';

/**
 * Key metadata: everything about a key except its material, which lives only as shares in the cluster.
 * Records are mutable by the handlers that own each field (name: UpdateKey; status: DeleteKey; …).
 */
export interface KeyRecord {
  readonly id: string;
  /** Creation order, the pagination cursor. */
  readonly seq: number;
  readonly scheme: Scheme;
  readonly curve: CurveName;
  readonly protocol: Protocol;
  readonly publicKey: ECPoint;
  readonly masterKey: boolean;
  /** Mutable only through the `update-resets-flags` fault. */
  dateCreated: string;
  /** Created with delayDelegation: DelegateKey may delegate it (once). */
  readonly delayDelegation: boolean;
  name: string | undefined;
  status: 'Active' | 'Archived';
  custodial: boolean;
  /** The end user the key is delegated to (ListKeys `owner`). */
  owner: string | undefined;
  imported: boolean;
  exported: boolean;
  dateExported: string | undefined;
  /** Set by DeleteKey: the key is deleted (whatever `status` reports) and can no longer be used. */
  dateDeleted: string | undefined;
}

export interface KeyStore {
  has(id: string): boolean;
  get(id: string): KeyRecord | undefined;
  add(record: Omit<KeyRecord, 'seq'>): KeyRecord;
  newestFirst(): KeyRecord[];
}

export function createKeyStore(): KeyStore {
  const byId = new Map<string, KeyRecord>();
  let seq = 0;
  return {
    has: (id) => byId.has(id),
    get: (id) => byId.get(id),
    add(fields) {
      if (byId.has(fields.id)) throw new Error(`key id ${fields.id} is already taken`);
      const record: KeyRecord = { ...fields, seq: ++seq };
      byId.set(record.id, record);
      return record;
    },
    newestFirst: () => [...byId.values()].reverse(),
  };
}
