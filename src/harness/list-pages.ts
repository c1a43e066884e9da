import type { Page } from '../checks/pagination.ts';
import type { CallOptions, Harness } from './harness.ts';
import { successBody } from './keys.ts';

/**
 * Walks a list operation page by page, following nextPageToken, for at most `maxPages` pages. Every
 * page must be a 2xx object (else a PreconditionError, as successBody). `reachedEnd`: a page came
 * without a nextPageToken.
 */
export async function listPages(
  h: Harness,
  operationId: string,
  options: Pick<CallOptions, 'pathParams'> & {
    readonly query: Readonly<Record<string, string | number>>;
    readonly maxPages: number;
  },
): Promise<{ readonly pages: Page[]; readonly reachedEnd: boolean }> {
  const pages: Page[] = [];
  let token: string | undefined;
  for (let n = 0; n < options.maxPages; n += 1) {
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
