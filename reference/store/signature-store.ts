import type { ApiSignature } from '../../src/crypto/signature-encoding.ts';

/** Signature requests per key, and the externalId index that makes GenerateSignature idempotent. */
export interface SignatureRecord {
  readonly id: string;
  readonly seq: number;
  readonly keyId: string;
  readonly requester: { readonly userId: string; readonly tokenId: string };
  /** The request body as received (the response echoes it). */
  readonly requestBody: Readonly<Record<string, unknown>>;
  /** Canonical JSON of the body, to tell a replay (same body) from a conflict. */
  readonly canonicalBody: string;
  readonly externalId: string | undefined;
  readonly network: string | undefined;
  readonly signature: ApiSignature;
  readonly dateRequested: string;
  readonly dateSigned: string;
}

export interface SignatureStore {
  has(id: string): boolean;
  get(id: string): SignatureRecord | undefined;
  byExternalId(externalId: string): SignatureRecord | undefined;
  add(record: Omit<SignatureRecord, 'seq'>): SignatureRecord;
  newestFirstOf(keyId: string): SignatureRecord[];
}

export function createSignatureStore(): SignatureStore {
  const byId = new Map<string, SignatureRecord>();
  const byKey = new Map<string, SignatureRecord[]>();
  const external = new Map<string, SignatureRecord>();
  let seq = 0;
  return {
    has: (id) => byId.has(id),
    get: (id) => byId.get(id),
    byExternalId: (externalId) => external.get(externalId),
    add(fields) {
      if (byId.has(fields.id)) throw new Error(`signature id ${fields.id} is already taken`);
      const record: SignatureRecord = { ...fields, seq: ++seq };
      byId.set(record.id, record);
      const list = byKey.get(record.keyId) ?? [];
      list.push(record);
      byKey.set(record.keyId, list);
      // The first request keeps its externalId (a fault may add later duplicates; they do not rebind it).
      if (record.externalId !== undefined && !external.has(record.externalId))
        external.set(record.externalId, record);
      return record;
    },
    newestFirstOf: (keyId) => [...(byKey.get(keyId) ?? [])].reverse(),
  };
}

/** JSON with object keys sorted, so two bodies that differ only in key order compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
