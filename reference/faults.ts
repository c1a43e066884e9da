import type { CheckId } from '../src/checks/check-ids.ts';

/**
 * The fault catalogue: each entry is one deliberate deviation from the contract or from cryptographic
 * truth, switched on by `--fault ID` (several may be combined). `detectedBy` names the suite checks that
 * must catch it; the meta-tests hold the suites to that. Each fault is implemented as a small hook where
 * its behaviour lives (grep the id): a response transform (response-faults.ts), a signature transform
 * (signing/signature-faults.ts), an export-share transform, or a predicate consulted by a rule. Adding a
 * fault is one entry here plus one hook.
 */
// `fuzz`: faults only generated inputs or command sequences reach (the fuzz and stateful suites).
export type FaultCategory =
  'contract' | 'validation' | 'lifecycle' | 'crypto' | 'auth' | 'idempotency' | 'fuzz';

export const FAULT_CATEGORIES: readonly FaultCategory[] = [
  'contract',
  'validation',
  'lifecycle',
  'crypto',
  'auth',
  'idempotency',
  'fuzz',
];

export interface FaultSpec {
  readonly id: string;
  readonly category: FaultCategory;
  /** One line: what the faulty reference does differently. */
  readonly description: string;
  readonly detectedBy: readonly CheckId[];
  /**
   * The operations whose requests the deviation lives in, where it is one place: what a run needs to
   * exercise to meet the fault (meta-tests give fuzz runs `--grep '^<operationId>:'`).
   */
  readonly operationIds?: readonly string[];
}

export const FAULTS = [
  // contract
  {
    id: 'key-missing-custodial',
    category: 'contract',
    description:
      'Key bodies (CreateKey, ImportKey, GetKey, ListKeys items) lack the required `custodial` field',
    detectedBy: ['response_schema_conformance'],
  },
  {
    id: 'closed-key-extra-property',
    category: 'contract',
    description: 'UpdateKey and DeleteKey responses carry an extra `orgId`, which ClosedKey forbids',
    detectedBy: ['response_schema_conformance'],
  },
  {
    id: 'key-id-underscore',
    category: 'contract',
    description: 'key ids are issued as `key_xxxxx_xxxxx_…`, breaking the KeyId pattern',
    detectedBy: ['response_schema_conformance'],
  },
  {
    id: 'create-key-201',
    category: 'contract',
    description: 'CreateKey answers 201 Created, a status the contract does not document',
    detectedBy: ['status_code_documented'],
  },
  {
    id: 'get-key-text-plain',
    category: 'contract',
    description: 'GetKey sends its JSON body with `content-type: text/plain`',
    detectedBy: ['content_type_conformance'],
  },
  {
    id: 'get-key-duplicate-status',
    category: 'contract',
    description:
      'GetKey names `status` twice, `"Archived"` first: a first-wins JSON parser reads an archived key',
    detectedBy: ['json_names_unique'],
  },
  {
    id: 'error-body-top-level-message',
    category: 'contract',
    description: 'error responses are `{"message": …}` without the `error` wrapper',
    detectedBy: ['error_body_conformance'],
  },
  {
    id: 'pagination-drops-item',
    category: 'contract',
    description: 'ListKeys skips one key at every page boundary',
    detectedBy: ['pagination_consistent'],
  },
  {
    id: 'pagination-repeats-item',
    category: 'contract',
    description: 'ListKeys repeats the last key of a page (of 2 or more) at the start of the next page',
    detectedBy: ['pagination_consistent'],
  },
  {
    id: 'list-signers-connection-reset',
    category: 'contract',
    description: 'ListSigners resets the connection instead of answering',
    detectedBy: ['response_received'],
  },
  {
    id: 'derive-not-routed',
    category: 'contract',
    description:
      'DeriveKey is not implemented: its path answers 404 as an unknown path does (a target missing an operation)',
    detectedBy: ['positive_data_accepted'],
    operationIds: ['DeriveKey'],
  },
  // validation
  {
    id: 'create-key-accepts-unknown-property',
    category: 'validation',
    description: 'CreateKey ignores properties the body schema does not define instead of refusing them',
    detectedBy: ['negative_data_rejected'],
    operationIds: ['CreateKey'],
  },
  {
    id: 'create-key-accepts-invalid-pair',
    category: 'validation',
    description: 'CreateKey accepts scheme/curve pairs outside the five valid ones (e.g. EdDSA/secp256k1)',
    detectedBy: ['negative_data_rejected'],
    operationIds: ['CreateKey'],
  },
  {
    id: 'update-key-null-name-500',
    category: 'validation',
    description: 'UpdateKey with `"name": null` (valid: it clears the name) fails with 500',
    detectedBy: ['not_a_server_error'],
    operationIds: ['UpdateKey'],
  },
  {
    id: 'create-key-rejects-long-name',
    category: 'validation',
    description: 'CreateKey refuses names longer than 50 characters with 400 (the contract allows 100)',
    detectedBy: ['positive_data_accepted'],
    operationIds: ['CreateKey'],
  },
  // lifecycle
  {
    id: 'signs-after-delete',
    category: 'lifecycle',
    description: 'GenerateSignature still signs with a deleted (Archived) key',
    detectedBy: ['use_after_delete'],
  },
  {
    id: 'delete-leaves-active',
    category: 'lifecycle',
    description: 'DeleteKey sets dateDeleted but leaves the key `status: Active` (it no longer signs)',
    detectedBy: ['use_after_delete'],
  },
  {
    id: 'signs-after-export',
    category: 'lifecycle',
    description: 'GenerateSignature still signs with a key that has been exported',
    detectedBy: ['signing_refused_after_export'],
  },
  {
    id: 'export-not-recorded',
    category: 'lifecycle',
    description:
      'an exported key still reads `exported: false` without `dateExported` (it does refuse to sign)',
    detectedBy: ['export_recorded'],
  },
  {
    id: 'delegates-without-delay',
    category: 'lifecycle',
    description: 'DelegateKey delegates keys that were not created with `delayDelegation: true`',
    detectedBy: ['delegation_rules'],
  },
  {
    id: 'delegates-twice',
    category: 'lifecycle',
    description: 'DelegateKey answers 200 again for a key that is already delegated (instead of 409)',
    detectedBy: ['delegation_rules'],
  },
  {
    id: 'update-resets-flags',
    category: 'lifecycle',
    description:
      'UpdateKey rewrites the record with defaults: `dateCreated` becomes now, `custodial` true, `imported` false',
    detectedBy: ['update_scoped'],
  },
  {
    id: 'get-key-always-404',
    category: 'lifecycle',
    description: 'GetKey answers 404 for every key, including one just created (ListKeys still lists it)',
    detectedBy: ['resource_availability'],
  },
  // crypto
  {
    id: 'ecdsa-high-s',
    category: 'crypto',
    description: 'secp256k1 ECDSA signatures carry the high-S form (n − s, recid flipped to match)',
    detectedBy: ['ecdsa_low_s'],
  },
  {
    id: 'ecdsa-wrong-recid',
    category: 'crypto',
    description: 'secp256k1 ECDSA signatures carry the other recovery id (1 − recid)',
    detectedBy: ['ecdsa_recid_recovers_key'],
  },
  {
    id: 'signs-sha256-of-hash',
    category: 'crypto',
    description: 'secp256k1 ECDSA keys sign SHA-256(hash) instead of the 32-byte hash they were given',
    detectedBy: ['signature_verifies'],
  },
  {
    id: 'eddsa-s-big-endian',
    category: 'crypto',
    description: 'EdDSA signatures carry S big-endian (RFC 8032 and Dfns use little-endian)',
    detectedBy: ['signature_verifies'],
  },
  {
    id: 'eddsa-s-not-reduced',
    category: 'crypto',
    description: 'EdDSA signatures carry S + L instead of S (malleable; strict verifiers refuse S ≥ L)',
    detectedBy: ['ed25519_s_below_order'],
  },
  {
    id: 'schnorr-untweaked',
    category: 'crypto',
    description:
      'Schnorr signatures are BIP-340 under the untweaked internal key, not the BIP-341 output key',
    detectedBy: ['schnorr_bip340_under_taproot_key'],
  },
  {
    id: 'signature-hex-without-0x',
    category: 'crypto',
    description: 'signature `r` and `s` are sent as bare hex, without the 0x prefix',
    detectedBy: ['signature_encoding'],
  },
  {
    id: 'uncompressed-public-key',
    category: 'crypto',
    description:
      'secp256k1 keys report `publicKey` as 65-byte uncompressed SEC1 instead of 33-byte compressed',
    detectedBy: ['public_key_encoding'],
  },
  {
    id: 'import-wrong-public-key',
    category: 'crypto',
    description: 'ImportKey reports the first public share as the publicKey instead of the interpolated key',
    detectedBy: ['import_public_key_matches'],
  },
  {
    id: 'import-accepts-inconsistent-shares',
    category: 'crypto',
    description: 'ImportKey skips the checks of secret shares against public shares and of the polynomial',
    detectedBy: ['negative_data_rejected'],
  },
  {
    id: 'export-wrong-key',
    category: 'crypto',
    description: 'ExportKey shares reconstruct a different key (every share value + 1)',
    detectedBy: ['export_shares_consistent', 'export_reconstructs_imported_key'],
  },
  {
    id: 'export-swapped-indexes',
    category: 'crypto',
    description: 'ExportKey swaps the `index` of two shares, so the shares no longer interpolate to the key',
    detectedBy: ['export_shares_consistent', 'export_reconstructs_imported_key'],
  },
  {
    id: 'ecdsa-repeated-nonce',
    category: 'crypto',
    description: 'secp256k1 ECDSA nonces are derived from the key alone, so every message reuses one nonce',
    detectedBy: ['nonce_unique'],
  },
  {
    id: 'ecdsa-biased-nonce',
    category: 'crypto',
    description: 'secp256k1 ECDSA nonces are drawn with their top byte zero (k < 2^248)',
    detectedBy: ['nonce_unique'],
  },
  {
    id: 'derive-not-deterministic',
    category: 'crypto',
    description: 'DeriveKey mixes fresh randomness into the seed, so the same input gives a new output',
    detectedBy: ['derive_deterministic'],
  },
  // auth
  {
    id: 'bearer-not-checked',
    category: 'auth',
    description: 'requests without a valid bearer token are served instead of refused with 401',
    detectedBy: ['auth_required'],
  },
  {
    id: 'user-action-not-required',
    category: 'auth',
    description:
      'mutating requests without an X-DFNS-USERACTION token are served instead of refused with 403',
    detectedBy: ['user_action_required'],
  },
  {
    id: 'user-action-reusable',
    category: 'auth',
    description: 'a user-action token can be used more than once',
    detectedBy: ['user_action_single_use'],
  },
  {
    id: 'user-action-not-bound-to-body',
    category: 'auth',
    description: 'a user-action token is accepted with a body other than the payload it was signed for',
    detectedBy: ['user_action_bound'],
  },
  {
    id: 'user-action-not-bound-to-path',
    category: 'auth',
    description: 'a user-action token is accepted on a path other than the one it was signed for',
    detectedBy: ['user_action_bound'],
  },
  // idempotency
  {
    id: 'external-id-duplicates',
    category: 'idempotency',
    description: 'GenerateSignature replayed with the same externalId and body creates a second request',
    detectedBy: ['idempotent_replay'],
  },
  {
    id: 'external-id-conflict-200',
    category: 'idempotency',
    description: 'GenerateSignature with a used externalId and a different body signs it (200, not 409)',
    detectedBy: ['idempotent_replay'],
  },
  // fuzz
  {
    id: 'create-key-zwj-name-500',
    category: 'fuzz',
    description:
      'CreateKey fails with 500 for a name of exactly 100 characters containing U+200D (zero-width joiner)',
    detectedBy: ['not_a_server_error'],
    operationIds: ['CreateKey'],
  },
  {
    id: 'signs-after-rename-and-delete',
    category: 'fuzz',
    description: 'GenerateSignature still signs with a deleted key if the key was renamed (UpdateKey) before',
    detectedBy: ['use_after_delete'],
  },
] as const satisfies readonly FaultSpec[];

export type FaultId = (typeof FAULTS)[number]['id'];

const FAULT_IDS: ReadonlySet<string> = new Set(FAULTS.map((f) => f.id));

export function isFaultId(value: string): value is FaultId {
  return FAULT_IDS.has(value);
}

/** The faults switched on in one reference; code asks `faults.on(id)` where the behaviour lives. */
export interface FaultSet {
  readonly ids: readonly FaultId[];
  on(id: FaultId): boolean;
}

/** The set for these ids; an unknown id is an error naming it and where the catalogue is listed. */
export function faultSet(ids: readonly string[]): FaultSet {
  const unknown = ids.filter((id) => !isFaultId(id));
  if (unknown.length > 0) {
    const names = unknown.map((id) => JSON.stringify(id)).join(', ');
    throw new Error(
      `unknown fault ${names}; expected catalogue ids such as ${FAULTS[0].id} (see \`keys-conformance reference --list-faults\`)`,
    );
  }
  const enabled = new Set(ids.filter(isFaultId));
  return { ids: [...enabled], on: (id) => enabled.has(id) };
}

export const NO_FAULTS: FaultSet = faultSet([]);

/** The catalogue as a Markdown table (README.md carries this table; a test keeps the two in sync). */
export function faultTableMarkdown(): string {
  const rows = FAULTS.map(
    (f) =>
      `| \`${f.id}\` | ${f.category} | ${f.description} | ${f.detectedBy.map((c) => `\`${c}\``).join(', ')} |`,
  );
  return ['| id | category | description | detected by |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The catalogue for `--list-faults`: one line per fault, aligned. */
export function faultListText(): string {
  const idWidth = Math.max(...FAULTS.map((f) => f.id.length));
  const categoryWidth = Math.max(...FAULT_CATEGORIES.map((c) => c.length));
  return FAULTS.map(
    (f) => `${f.id.padEnd(idWidth)}  ${f.category.padEnd(categoryWidth)}  ${f.description}`,
  ).join('\n');
}
