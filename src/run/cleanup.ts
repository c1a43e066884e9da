import type { Client } from '../client/client.ts';
import type { Finding } from '../report/finding.ts';
import { appendToLedger, keyNamePrefix, readLedger } from './ledger.ts';

export interface CleanupResult {
  readonly deleted: readonly string[];
  /** Already Archived, or gone (404): nothing to do. */
  readonly alreadyGone: readonly string[];
  readonly failed: readonly { readonly keyId: string; readonly reason: string }[];
}

/** What a cleanup did, in one line: `3 deleted, 1 already archived or gone, 0 failed`. */
export function cleanupCounts(result: CleanupResult): string {
  return `${result.deleted.length} deleted, ${result.alreadyGone.length} already archived or gone, ${result.failed.length} failed`;
}

const PARALLEL = 4;

/**
 * A line now and then while keys are deleted: a fuzz run can leave thousands, three calls each against a
 * rate-limited target, and a silent cleanup looks hung. `everyMs` after the last line, checked as each key
 * is done (each call has its deadline, so the lines keep coming).
 */
export interface CleanupProgress {
  readonly everyMs: number;
  readonly print: (line: string) => void;
}

/**
 * Deletes every key in the ledger that is still active. Only ledger keys are touched: the ledger holds
 * exactly what this run (or the interrupted run being finished) created, so keys that existed before
 * are safe whatever the suites did.
 */
export async function cleanupLedger(
  client: Client,
  ledgerFile: string,
  progress?: CleanupProgress,
): Promise<CleanupResult> {
  return deleteAll(
    client,
    readLedger(ledgerFile).map((e) => e.keyId),
    progress,
  );
}

async function deleteAll(
  client: Client,
  keyIds: readonly string[],
  progress?: CleanupProgress,
): Promise<CleanupResult> {
  const deleted: string[] = [];
  const alreadyGone: string[] = [];
  const failed: { keyId: string; reason: string }[] = [];
  const queue = [...keyIds];
  let lastLine = performance.now();
  const tell = (): void => {
    if (progress === undefined || performance.now() - lastLine < progress.everyMs) return;
    lastLine = performance.now();
    const done = deleted.length + alreadyGone.length + failed.length;
    const failures = failed.length === 0 ? '' : `, ${failed.length} failed`;
    progress.print(`  … ${done} of ${keyIds.length} keys cleaned up (${deleted.length} deleted${failures})`);
  };

  const worker = async (): Promise<void> => {
    for (let keyId = queue.shift(); keyId !== undefined; keyId = queue.shift()) {
      let outcome = await deleteIfActive(client, keyId);
      // A target that throttled the run may still throttle its cleanup past the client's own retries; a key
      // left behind costs more than a few seconds more of waiting.
      for (let wait = THROTTLED_WAIT_MS; isThrottled(outcome) && wait <= MAX_THROTTLED_WAIT_MS; wait *= 2) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        outcome = await deleteIfActive(client, keyId);
      }
      if (outcome === 'deleted') deleted.push(keyId);
      else if (outcome === 'gone') alreadyGone.push(keyId);
      else failed.push({ keyId, reason: outcome.reason });
      if (queue.length > 0) tell();
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { deleted, alreadyGone, failed };
}

const THROTTLED_WAIT_MS = 250;
const MAX_THROTTLED_WAIT_MS = 4_000;

type DeleteOutcome = 'deleted' | 'gone' | { readonly reason: string; readonly status?: number };

function isThrottled(outcome: DeleteOutcome): boolean {
  return typeof outcome === 'object' && outcome.status === 429;
}

async function deleteIfActive(client: Client, keyId: string): Promise<DeleteOutcome> {
  const get = await client.request({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId } });
  if (!get.sent) return { reason: get.authError.message };
  const response = get.exchange.response;
  if (response === undefined) return { reason: `GetKey: ${get.exchange.failure?.message ?? 'no response'}` };
  if (response.status === 404) return 'gone';
  const status = statusOf(response.parsed?.value);
  if (response.status === 200 && status === 'Archived') return 'gone';
  const del = await client.request({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId } });
  if (!del.sent) {
    const refused = del.authError.exchange?.response?.status;
    return { reason: del.authError.message, ...(refused === undefined ? {} : { status: refused }) };
  }
  const answer = del.exchange.response;
  if (answer === undefined) return { reason: `DeleteKey: ${del.exchange.failure?.message ?? 'no response'}` };
  if (answer.status >= 200 && answer.status < 300) return 'deleted';
  return { reason: `DeleteKey answered ${answer.status}`, status: answer.status };
}

function statusOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>).status : undefined;
}

/** Pages of ListKeys the sweep reads at most: a target whose page tokens never end must not hang it. */
const SWEEP_MAX_PAGES = 2_000;
const SWEEP_PAGE_SIZE = 100;

export interface SweepResult {
  /** Active keys named with the prefix that the ledger did not hold; each is added to it before deleting. */
  readonly found: readonly string[];
  readonly cleanup: CleanupResult;
  /** Why ListKeys could not be read to the end, if it could not. */
  readonly incomplete?: string;
}

/**
 * Finds the keys a run created but never heard of — a creation whose answer timed out, or was lost when
 * the run was interrupted — by the name every test gives its keys (`kc-<run-id>-…`), and deletes them like
 * the ledger's. Each is written to the ledger first, so one that cannot be deleted is left for `cleanup`.
 */
export async function sweepNamedKeys(
  client: Client,
  ledgerFile: string,
  runId: string,
): Promise<SweepResult> {
  const namePrefix = keyNamePrefix(runId);
  const known = new Set(readLedger(ledgerFile).map((e) => e.keyId));
  const found: string[] = [];
  let incomplete: string | undefined;
  let token: string | undefined;
  const seenTokens = new Set<string>();
  for (let page = 0; ; page += 1) {
    if (page === SWEEP_MAX_PAGES) {
      incomplete = `ListKeys had more than ${SWEEP_MAX_PAGES} pages`;
      break;
    }
    const result = await client.request({
      method: 'GET',
      path: '/keys',
      query: { limit: SWEEP_PAGE_SIZE, ...(token === undefined ? {} : { paginationToken: token }) },
    });
    const response = result.sent ? result.exchange.response : undefined;
    const body = response?.parsed?.value as { items?: unknown; nextPageToken?: unknown } | undefined;
    if (response === undefined || response.status !== 200) {
      incomplete = `ListKeys answered ${response === undefined ? 'nothing' : String(response.status)}`;
      break;
    }
    if (!Array.isArray(body?.items)) {
      incomplete = 'ListKeys answered a page without an items list';
      break;
    }
    for (const item of body.items as unknown[]) {
      if (item === null || typeof item !== 'object') continue;
      const { id, name, status } = item as Record<string, unknown>;
      if (typeof id !== 'string' || typeof name !== 'string') continue;
      if (status === 'Active' && name.startsWith(namePrefix) && !known.has(id)) {
        known.add(id);
        found.push(id);
        appendToLedger(ledgerFile, {
          keyId: id,
          runId,
          createdAt: new Date().toISOString(),
          target: client.baseUrl,
        });
      }
    }
    const next = typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined;
    if (next === undefined) break;
    if (seenTokens.has(next)) {
      incomplete = 'ListKeys gave a page token twice';
      break;
    }
    seenTokens.add(next);
    token = next;
  }
  const cleanup = await deleteAll(client, found);
  return { found, cleanup, ...(incomplete === undefined ? {} : { incomplete }) };
}

/** Operations that create a key; one that got no answer may have created it all the same. */
const CREATING = new Set(['CreateKey', 'ImportKey']);

/**
 * Whether the run may hold keys its ledger lacks: it was interrupted (a request cut short), or a call that
 * creates a key went unanswered (the run reports that as `response_received`).
 */
export function creationsUnheard(interrupted: boolean, findings: readonly Finding[]): boolean {
  return (
    interrupted ||
    findings.some((f) => f.checkId === 'response_received' && CREATING.has(f.operationId ?? ''))
  );
}

/**
 * The ledger's cleanup, then the sweep for keys named after `runId` that the ledger missed; `progress` hears
 * before the sweep (paging through a large organisation takes a while) and what it found.
 */
export async function cleanupWithSweep(
  client: Client,
  ledgerFile: string,
  runId: string,
  progress: (line: string, sweep?: SweepResult) => void,
  deleting?: CleanupProgress,
): Promise<CleanupResult> {
  const ledgered = await cleanupLedger(client, ledgerFile, deleting);
  progress(`  looking through ListKeys for keys named ${keyNamePrefix(runId)}… that the ledger missed`);
  const sweep = await sweepNamedKeys(client, ledgerFile, runId);
  progress(sweepLine(sweep), sweep);
  return mergeCleanups(ledgered, sweep.cleanup);
}

function mergeCleanups(a: CleanupResult, b: CleanupResult): CleanupResult {
  return {
    deleted: [...a.deleted, ...b.deleted],
    alreadyGone: [...a.alreadyGone, ...b.alreadyGone],
    failed: [...a.failed, ...b.failed],
  };
}

/** The progress line of a sweep: what it found, and whether it could read every key. */
function sweepLine(sweep: SweepResult): string {
  // Found nothing on pages it could not finish reading is no "none was missing".
  if (sweep.found.length === 0 && sweep.incomplete !== undefined) {
    return `  could not look for keys named after this run that its ledger missed: ${sweep.incomplete}`;
  }
  const found =
    sweep.found.length === 0
      ? 'no key named after this run was missing from its ledger'
      : `${sweep.found.length} key(s) named after this run were missing from its ledger (a creation that got no answer); ${sweep.cleanup.deleted.length} deleted`;
  return `  ${found}${sweep.incomplete === undefined ? '' : `; the search stopped early: ${sweep.incomplete}`}`;
}
