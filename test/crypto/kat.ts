import { readVectorJson } from './vectors.ts';

/** Typed view of dfns-shares/kat.json (test data: every key in it is a public test value). */
export interface KatSigner {
  readonly signerId: string;
  readonly decryptionKey: string;
  readonly encryptionKey: string;
}

export interface KatShare {
  readonly signerId: string;
  readonly index?: number;
  readonly plaintext: string;
  readonly ephemeralSecret: string;
  readonly encryptedKeyShare: string;
}

export interface KatImport {
  readonly curve: 'secp256k1' | 'ed25519';
  readonly minSigners: number;
  readonly secretScalar: string;
  readonly publicKey: string;
  readonly polynomial: readonly string[];
  readonly shares: readonly KatShare[];
  readonly seed?: string;
}

export interface KatExport {
  readonly curve: 'secp256k1' | 'ed25519';
  readonly minSigners: number;
  readonly publicKey: string;
  readonly expectedSecretBE: string;
  readonly shares: readonly KatShare[];
}

export interface Kat {
  readonly signers: readonly KatSigner[];
  readonly signersSortedById: readonly string[];
  readonly import: Readonly<Record<string, KatImport>>;
  readonly export: {
    readonly client: { readonly decryptionKey: string; readonly encryptionKey: string };
  } & Readonly<Record<string, KatExport>>;
}

/** kat.json, or undefined when ../shared/vectors is absent. The shape is trusted: it is a pinned vector file. */
export const KAT = readVectorJson('dfns-shares/kat.json') as Kat | undefined;

export const KAT_IMPORT_CASES = ['secp256k1_anvil0', 'ed25519_rfc8032_test1'] as const;
export const KAT_EXPORT_CASES = ['secp256k1_anvil0', 'ed25519_rfc8032_test1'] as const;
