import type { UserActions } from './auth/user-actions.ts';
import type { Identity } from './auth/identity.ts';
import type { Cluster } from './cluster/cluster.ts';
import type { FaultSet } from './faults.ts';
import type { KeyStore } from './store/key-store.ts';
import type { SignatureStore } from './store/signature-store.ts';

/** Everything one running reference knows; handlers get it with each request. */
export interface ReferenceState {
  readonly faults: FaultSet;
  readonly cluster: Cluster;
  readonly keys: KeyStore;
  readonly signatures: SignatureStore;
  readonly identity: Identity;
  readonly userActions: UserActions;
  /** The one key store (GetKey `store.id`; CreateKey `storeId`). */
  readonly storeId: string;
  readonly now: () => number;
}

export function isoDate(state: ReferenceState): string {
  return new Date(state.now()).toISOString();
}
