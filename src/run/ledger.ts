import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The cleanup ledger: every key a run creates is appended here the moment the target answers, one JSON
 * line per key, before any test asserts on it. Appends of one short line are atomic on POSIX, so
 * concurrent workers need no lock, and a run killed at any point leaves a ledger that
 * `keys-conformance cleanup` can finish.
 */
export interface LedgerEntry {
  readonly keyId: string;
  readonly runId: string;
  readonly createdAt: string;
  /** The test that created it, for the operator reading a leftover ledger. */
  readonly test?: string;
}

/** How every key a test creates is named, so an operator (and the cleanup sweep) can tell the run's keys. */
export function keyNamePrefix(runId: string): string {
  return `kc-${runId}-`;
}

export function appendToLedger(file: string, entry: LedgerEntry): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

/** Entries in order, each key once; a torn last line (a run killed mid-write) is ignored. */
export function readLedger(file: string): LedgerEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const seen = new Set<string>();
  const entries: LedgerEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isLedgerEntry(value) || seen.has(value.keyId)) continue;
    seen.add(value.keyId);
    entries.push(value);
  }
  return entries;
}

function isLedgerEntry(value: unknown): value is LedgerEntry {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.keyId === 'string' && typeof v.runId === 'string' && typeof v.createdAt === 'string';
}
