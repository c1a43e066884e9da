import type { Client } from '../client/client.ts';
import { readLedger } from './ledger.ts';

export interface CleanupResult {
  readonly deleted: readonly string[];
  /** Already Archived, or gone (404): nothing to do. */
  readonly alreadyGone: readonly string[];
  readonly failed: readonly { readonly keyId: string; readonly reason: string }[];
}

const PARALLEL = 4;

/**
 * Deletes every key in the ledger that is still active. Only ledger keys are touched: the ledger holds
 * exactly what this run (or the interrupted run being finished) created, so keys that existed before
 * are safe whatever the suites did.
 */
export async function cleanupLedger(client: Client, ledgerFile: string): Promise<CleanupResult> {
  const deleted: string[] = [];
  const alreadyGone: string[] = [];
  const failed: { keyId: string; reason: string }[] = [];
  const queue = readLedger(ledgerFile).map((e) => e.keyId);

  const worker = async (): Promise<void> => {
    for (let keyId = queue.shift(); keyId !== undefined; keyId = queue.shift()) {
      const outcome = await deleteIfActive(client, keyId);
      if (outcome === 'deleted') deleted.push(keyId);
      else if (outcome === 'gone') alreadyGone.push(keyId);
      else failed.push({ keyId, reason: outcome.reason });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { deleted, alreadyGone, failed };
}

async function deleteIfActive(
  client: Client,
  keyId: string,
): Promise<'deleted' | 'gone' | { reason: string }> {
  const get = await client.request({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId } });
  if (!get.sent) return { reason: get.authError.message };
  const response = get.exchange.response;
  if (response === undefined) return { reason: `GetKey: ${get.exchange.failure?.message ?? 'no response'}` };
  if (response.status === 404) return 'gone';
  const status = statusOf(response.parsed?.value);
  if (response.status === 200 && status === 'Archived') return 'gone';
  const del = await client.request({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId } });
  if (!del.sent) return { reason: del.authError.message };
  const answer = del.exchange.response;
  if (answer === undefined) return { reason: `DeleteKey: ${del.exchange.failure?.message ?? 'no response'}` };
  if (answer.status >= 200 && answer.status < 300) return 'deleted';
  return { reason: `DeleteKey answered ${answer.status}` };
}

function statusOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>).status : undefined;
}
