import type { FaultSpec } from '../../reference/faults.ts';
import type { CheckId } from '../../src/checks/check-ids.ts';

/**
 * The smallest run that can catch a fault: the suite (or suite file) whose tests apply each check the
 * catalogue names. A whole run would catch it too, only slower; meta-tests run dozens of these, so each
 * takes only what it needs. The automatic contract checks run in every suite: the contract suite is the
 * cheapest that exercises every operation.
 */
const SUITE_OF_CHECK: Readonly<Partial<Record<CheckId, string>>> = {
  auth_required: 'auth',
  user_action_required: 'auth',
  user_action_single_use: 'auth',
  user_action_bound: 'auth',
  negative_data_rejected: 'negative',
  idempotent_replay: 'idempotency',
  signature_verifies: 'crypto/signatures',
  ecdsa_low_s: 'crypto/signatures',
  ecdsa_recid_recovers_key: 'crypto/signatures',
  signature_encoding: 'crypto/signatures',
  ed25519_s_below_order: 'crypto/signatures',
  schnorr_bip340_under_taproot_key: 'crypto/signatures',
  public_key_encoding: 'crypto/import',
  import_public_key_matches: 'crypto/import',
  export_reconstructs_imported_key: 'crypto/export',
  export_shares_consistent: 'crypto/export',
  export_recorded: 'crypto/export',
  signing_refused_after_export: 'crypto/export',
  nonce_unique: 'crypto/nonces',
  derive_deterministic: 'crypto/derive',
};

export function suitesForFault(fault: Pick<FaultSpec, 'category' | 'detectedBy'>): string {
  const suites = fault.detectedBy.map((check) =>
    // Refusing bad key material is the crypto suite's negative test; bad JSON is the negative suite's.
    check === 'negative_data_rejected' && fault.category === 'crypto'
      ? 'crypto/negative-import'
      : (SUITE_OF_CHECK[check] ?? 'contract'),
  );
  return [...new Set(suites)].sort().join(',');
}
