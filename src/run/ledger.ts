import { appendFileSync, mkdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
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
  /** The base URL of the target it was created on: cleanup must not look for it on another. */
  readonly target?: string;
}

/** How every key a test creates is named, so an operator (and the cleanup sweep) can tell the run's keys. */
export function keyNamePrefix(runId: string): string {
  return `kc-${runId}-`;
}

export function appendToLedger(file: string, entry: LedgerEntry): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

/**
 * Removes a ledger whose keys are all deleted, and its folder when no other ledger is left in it: the
 * reports say `ledgers/` is there only when something is left to clean up.
 */
export function discardLedger(file: string): void {
  rmSync(file, { force: true });
  try {
    rmdirSync(dirname(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
  }
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
  return parseLedger(text);
}

/** The entries of a ledger's text, each key once; lines that are no entry are passed over. */
export function parseLedger(text: string): LedgerEntry[] {
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

/**
 * Why `ledger` cannot be cleaned up on `baseUrl`, or undefined when it can: its keys were made on another
 * target, where a cleanup here would find them "already gone" and leave them active. Entries written before
 * the target was recorded are taken on trust.
 */
export function ledgerTargetMismatch(
  entries: readonly LedgerEntry[],
  baseUrl: string,
  ledger: string,
): string | undefined {
  const here = comparableUrl(baseUrl);
  const elsewhere = [...new Set(entries.flatMap((e) => (e.target === undefined ? [] : [e.target])))].filter(
    (target) => comparableUrl(target) !== here,
  );
  if (elsewhere.length === 0) return undefined;
  return `${ledger} lists keys created on ${elsewhere.join(' and ')}, not on ${baseUrl}: give that target (--target or KEYS_API_URL) with its token and credential`;
}

function comparableUrl(url: string): string {
  try {
    return new URL(url).href.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

function isLedgerEntry(value: unknown): value is LedgerEntry {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.keyId === 'string' && typeof v.runId === 'string' && typeof v.createdAt === 'string';
}
