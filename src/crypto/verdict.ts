/**
 * The outcome of one cryptographic check: ok, or which equation or property failed. Verifiers return these
 * instead of booleans so a suite can say *why* a signature is wrong (high-S vs. wrong key vs. bad recid).
 */
export type VerdictReason =
  | 'bad-length'
  | 'r-out-of-range'
  | 's-out-of-range'
  | 'r-not-a-point'
  | 'public-key-invalid'
  | 'hash-out-of-range'
  | 'equation-failed'
  | 'high-s'
  | 's-not-canonical'
  | 'recid-missing'
  | 'recid-wrong'
  | 'verifies-under-untweaked-key'
  | 'verifies-without-merkle-root';

export type Verdict =
  { readonly ok: true } | { readonly ok: false; readonly reason: VerdictReason; readonly detail: string };

export const PASS: Verdict = Object.freeze({ ok: true });

export function failed(reason: VerdictReason, detail: string): Verdict {
  return { ok: false, reason, detail };
}

/** Whether every verdict of a verdict record passed. */
export function allPass<T extends { readonly [K in keyof T]: Verdict }>(verdicts: T): boolean {
  return Object.values<Verdict>(verdicts).every((v) => v.ok);
}
