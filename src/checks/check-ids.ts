/**
 * Every named check of the suite, in one place, so the reference target's fault catalogue (which says
 * which check must catch each fault) and the checks themselves cannot drift apart. Each id is
 * documented where its check is defined (src/checks/*.ts).
 */
export const CHECK_IDS = [
  // Automatic: run on every exchange of a run.
  'response_received',
  'not_a_server_error',
  'status_code_documented',
  'content_type_conformance',
  'json_names_unique',
  'response_schema_conformance',
  'error_body_conformance',
  // Contract, negative, auth, lifecycle, idempotency suites.
  'auth_required',
  'user_action_required',
  'user_action_single_use',
  'user_action_bound',
  'negative_data_rejected',
  'positive_data_accepted',
  'use_after_delete',
  'resource_availability',
  'pagination_consistent',
  'update_scoped',
  'delegation_rules',
  'idempotent_replay',
  // Cryptographic end-to-end suite.
  'signature_verifies',
  'ecdsa_low_s',
  'ecdsa_recid_recovers_key',
  'signature_encoding',
  'ed25519_s_below_order',
  'schnorr_bip340_under_taproot_key',
  'public_key_encoding',
  'import_public_key_matches',
  'export_reconstructs_imported_key',
  'export_shares_consistent',
  'signing_refused_after_export',
  'export_recorded',
  'nonce_unique',
  'derive_deterministic',
  // Stateful fuzzing.
  'lifecycle_model',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** A test that stopped on an error of its own before its checks could speak (see src/run/collector.ts). */
export const TEST_ABORTED = 'test_aborted';
