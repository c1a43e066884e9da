import type { Exchange } from '../client/exchange.ts';

/**
 * critical: cryptographic untruth or a security hole (a signature that does not verify, auth not enforced);
 * high: the contract broken in a way a client will trip on (wrong status, schema violation, 5xx);
 * medium: a rule broken that a careful client survives (undocumented header, error body shape);
 * low: hygiene (e.g. an unexpected but harmless field).
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** How to rerun a generated input: the fast-check seed and path, and the shrunk input itself. */
export interface ReplayInfo {
  readonly seed: number;
  readonly path: string;
  readonly input: unknown;
}

/** One departure from the contract or from cryptographic truth, with the evidence to act on it. */
export interface Finding {
  /** The named check that found it, e.g. `response_schema_conformance`. */
  readonly checkId: string;
  readonly severity: Severity;
  readonly operationId?: string;
  /** JSON pointer into openapi.yaml of the rule broken, e.g. `#/components/schemas/Key/properties/id/pattern`. */
  readonly pointer?: string;
  /**
   * What the check ran on when the check id, operation and pointer alone do not say it, e.g.
   * `ECDSA/secp256k1` for a signature check. Part of the fingerprint, so keep it free of run-specific ids.
   */
  readonly subject?: string;
  /** One line a human reads first. Never contains a secret. */
  readonly message: string;
  /** Structured expected/observed values (public values only: ids, public keys, hashes, equations). */
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** The redacted exchange that shows it. */
  readonly exchange?: Exchange;
  /** A curl line that repeats the request (credentials as environment variables, not values). */
  readonly curl?: string;
  /** The test that produced it. */
  readonly test?: { readonly file: string; readonly name: string };
  readonly replay?: ReplayInfo;
}
