import type { TestContext } from 'vitest';
import type { Page } from '../checks/pagination.ts';
import type { Contract } from '../contract/index.ts';
import type { CallOptions, Harness } from './harness.ts';
import { successBody } from './keys.ts';
import { findingCount } from './recorder.ts';

/**
 * How long one walk may take by default: half the run's test timeout (vitest.config.ts), so that a target
 * holding many keys behind a slow link ends the walk early instead of timing the test out.
 */
export const LIST_WALK_MS = 60_000;

/** The pages a walk read, and whether it read the last one or which bound stopped it first. */
export interface ListWalk {
  readonly pages: Page[];
  readonly reachedEnd: boolean;
  /** Set when the walk stopped before the end: at `maxPages`, or at `maxMs`. */
  readonly stoppedBy?: 'maxPages' | 'maxMs';
  readonly maxMs: number;
}

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
): Promise<ListWalk> {
  const pages: Page[] = [];
  const maxMs = options.maxMs ?? LIST_WALK_MS;
  const deadline = performance.now() + maxMs;
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
    if (next === undefined) return { pages, reachedEnd: true, maxMs };
    token = next;
  }
  return {
    pages,
    reachedEnd: false,
    stoppedBy: pages.length >= options.maxPages ? 'maxPages' : 'maxMs',
    maxMs,
  };
}

/**
 * True when the walk reached the end of the list. Otherwise what only the whole list can show (an item
 * never returned, a last page that is empty) was not looked at, and the test must not pass: it ends as
 * "not tested", naming `pageBound` and what the user can do (`remedy`) — unless it already has a finding
 * (an item repeated on the pages read, a malformed page) to fail on, when this returns false: what the
 * walk saw stands.
 */
export function requireWalkEnded(
  context: TestContext,
  walk: ListWalk,
  bound: { readonly pageBound: string; readonly remedy: string },
): boolean {
  if (walk.reachedEnd) return true;
  if (findingCount() > 0) return false;
  const pages = `${walk.pages.length} page${walk.pages.length === 1 ? '' : 's'}`;
  return context.skip(
    walk.stoppedBy === 'maxPages'
      ? `not tested: the walk stopped after ${pages} (${bound.pageBound}) before the end of the list; ${bound.remedy}`
      : `not tested: the walk stopped after ${pages}, at its time limit of ${Math.round(walk.maxMs / 1000)}s, before the end of the list; use a target that answers faster or has less to list`,
  );
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
