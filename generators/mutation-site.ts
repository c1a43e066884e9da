import type fc from 'fast-check';
import type { MutationBody, MutationKind } from './mutation.ts';

/**
 * A mutation site: one applicable way to break one rule at one place of a valid request, before it is
 * checked against the validators. Deterministic candidates (best first) feed the negative suite's sweep;
 * the fuzz arbitrary feeds the fuzzer with random variants of the same breakage.
 */

/** The request parts a mutation replaces. */
export interface Payload {
  readonly body?: MutationBody;
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
}

/** One concrete mutated request; `detail` completes the label (`wrong type: number`). */
export interface Candidate {
  readonly payload: Payload;
  readonly detail?: string;
  /** Where the violation is expected when it differs from the site's (a property added or removed). */
  readonly instancePath?: string;
  /** Readable path for the id when it differs from the site's. */
  readonly readable?: string;
}

/** One way to break one rule at one place. */
export interface MutationSite {
  readonly kind: MutationKind;
  /** Pointer of the rule broken. */
  readonly rule: string;
  /** Short label for the id (`maxLength+1`). */
  readonly label: string;
  /** One line for reports. */
  readonly description: string;
  /** `body`, `query.limit`, `path.keyId`. */
  readonly location: string;
  /** Where the validators report it (`/name`, `/query/limit`). */
  readonly instancePath: string;
  /** The place as people read it (`.name`, `query.limit`); empty for the body as a whole. */
  readonly readable: string;
  /** Deterministic candidates, best first. */
  readonly candidates: () => readonly Candidate[];
  /** Random candidates for fuzzing (built lazily: most sites of a sampled body are never drawn). */
  readonly fuzz: () => fc.Arbitrary<Candidate>;
}

/** Shortens a value for a label: `"ecdsa"`, `"aaaa…" (101 chars)`. */
export function shortValue(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 24 ? `${text.slice(0, 20)}…" (${text.length} chars)` : text;
}
