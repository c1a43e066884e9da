import type { Page } from '../checks/pagination.ts';
import type { Contract } from '../contract/index.ts';
import type { CallOptions, Harness } from './harness.ts';
import { successBody } from './keys.ts';

/**
 * How long one walk may take by default: half the run's test timeout (vitest.config.ts), so that a target
 * holding many keys behind a slow link ends the walk early instead of timing the test out.
 */
export const LIST_WALK_MS = 60_000;

/**
 * Walks a list operation page by page, following nextPageToken, for at most `maxPages` pages and, past
 * the first page, at most `maxMs` (default LIST_WALK_MS). Every page must be a 2xx object (else a
 * PreconditionError, as successBody). `reachedEnd`: a page came without a nextPageToken.
 */
export async function listPages(
  h: Harness,
  operationId: string,
  options: Pick<CallOptions, 'pathParams'> & {
    readonly query: Readonly<Record<string, string | number>>;
    readonly maxPages: number;
    readonly maxMs?: number;
  },
): Promise<{ readonly pages: Page[]; readonly reachedEnd: boolean }> {
  const pages: Page[] = [];
  const deadline = performance.now() + (options.maxMs ?? LIST_WALK_MS);
  let token: string | undefined;
  for (let n = 0; n < options.maxPages && (n === 0 || performance.now() < deadline); n += 1) {
    const body = successBody(
      await h.call(operationId, {
        ...(options.pathParams === undefined ? {} : { pathParams: options.pathParams }),
        query: { ...options.query, ...(token === undefined ? {} : { paginationToken: token }) },
      }),
      operationId,
    );
    const items = Array.isArray(body.items) ? (body.items as Record<string, unknown>[]) : [];
    const next = typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined;
    pages.push({ items, ...(next === undefined ? {} : { nextPageToken: next }) });
    if (next === undefined) return { pages, reachedEnd: true };
    token = next;
  }
  return { pages, reachedEnd: false };
}

/** The page size asked for when the contract sets no maximum on `limit`. */
const UNBOUNDED_PAGE_SIZE = 100;

/**
 * The largest page an operation's `limit` allows, read from the contract (its `maximum`), so that a test
 * that wants few pages does not ask for more than the contract under test permits.
 */
export function largestPageSize(contract: Contract, operationId: string): number {
  const limit = contract.operation(operationId).queryParameters.find((p) => p.name === 'limit');
  const maximum = typeof limit?.schema === 'object' ? limit.schema.maximum : undefined;
  return typeof maximum === 'number' && Number.isInteger(maximum) && maximum >= 1
    ? maximum
    : UNBOUNDED_PAGE_SIZE;
}
