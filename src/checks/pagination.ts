import type { CheckFailure } from './check.ts';

export interface Page {
  readonly items: readonly Readonly<Record<string, unknown>>[];
  readonly nextPageToken?: string;
}

const NEXT_TOKEN = '#/components/schemas/ListKeysResponse/properties/nextPageToken';

/**
 * `pagination_consistent`: walking a list page by page must give every item once. Checked over the
 * whole walk: no id twice, no page longer than the limit, every id the test created present (when the
 * walk reached the end), and no token that leads to an empty page.
 */
export function paginationFailures(
  pages: readonly Page[],
  options: {
    readonly limit: number;
    readonly mustContain: readonly string[];
    readonly reachedEnd: boolean;
    readonly listPointer: string;
  },
): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const seen = new Map<string, number>();
  pages.forEach((page, index) => {
    if (page.items.length > options.limit) {
      failures.push({
        message: `page ${index + 1} has ${page.items.length} items with limit=${options.limit}`,
        pointer: options.listPointer,
      });
    }
    if (page.items.length === 0 && page.nextPageToken !== undefined) {
      failures.push({
        message: `page ${index + 1} is empty yet carries a nextPageToken`,
        pointer: NEXT_TOKEN,
        severity: 'medium',
      });
    }
    for (const item of page.items as readonly unknown[]) {
      // An item that is not an object, or has no id, cannot be followed across pages (and two of them are
      // not one item seen twice); response_schema_conformance reports its shape.
      const raw =
        typeof item === 'object' && item !== null ? (item as Record<string, unknown>).id : undefined;
      if (raw === undefined || raw === null) continue;
      const id = typeof raw === 'string' ? raw : JSON.stringify(raw);
      const first = seen.get(id);
      if (first !== undefined) {
        failures.push({
          message: `${id} appears on page ${first + 1} and again on page ${index + 1}`,
          pointer: options.listPointer,
          evidence: { id, pages: [first + 1, index + 1] },
        });
      } else seen.set(id, index);
    }
  });
  if (options.reachedEnd) {
    const missing = options.mustContain.filter((id) => !seen.has(id));
    if (missing.length > 0) {
      failures.push({
        message: `walking every page with limit=${options.limit} never returned ${missing.join(', ')}`,
        pointer: options.listPointer,
        evidence: { missing },
      });
    }
    const last = pages.at(-1);
    if (pages.length > 1 && last?.items.length === 0) {
      failures.push({
        message: 'the last page is empty: the page before it should have had no nextPageToken',
        pointer: NEXT_TOKEN,
        severity: 'low',
      });
    }
  }
  return failures;
}
