import { base64urlnopad } from '@scure/base';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { badRequest } from '../errors.ts';

/**
 * Cursor pagination, newest first. The token names the list it belongs to and the sequence number of the
 * last item served; the next page is the items older than it. Items created while a client pages are newer
 * than every cursor, so they never shift a page: nothing is skipped or repeated (stable under concurrent
 * creation). `boundaryShift` is where the pagination faults act: +1 skips an item at the boundary, -1 repeats
 * one.
 */
export interface Sequenced {
  readonly seq: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken?: string;
}

export type BoundaryShift = -1 | 0 | 1;

export function paginate<T extends Sequenced>(
  newestFirst: readonly T[],
  list: string,
  limit: number,
  token: string | undefined,
  boundaryShift: BoundaryShift = 0,
): Page<T> {
  const after = token === undefined ? Number.POSITIVE_INFINITY : cursorOf(token, list);
  const rest = newestFirst.filter((item) => item.seq < after);
  const items = rest.slice(0, limit);
  const remaining = rest.slice(limit);
  if (remaining.length === 0) return { items };
  let cursor = items[items.length - 1]!.seq;
  if (boundaryShift === 1) cursor = remaining[0]!.seq;
  if (boundaryShift === -1 && items.length >= 2) cursor = items[items.length - 2]!.seq;
  return { items, nextPageToken: tokenFor(list, cursor) };
}

function tokenFor(list: string, seq: number): string {
  return base64urlnopad.encode(utf8ToBytes(JSON.stringify({ list, seq })));
}

function cursorOf(token: string, list: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64urlnopad.decode(token)));
  } catch {
    throw badRequest(
      'paginationToken is not a token this server issued (pass back a nextPageToken unchanged)',
    );
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (record.list !== list || typeof record.seq !== 'number' || !Number.isSafeInteger(record.seq)) {
    throw badRequest(
      'paginationToken was not issued for this list (pass back the nextPageToken of the same list)',
    );
  }
  return record.seq;
}
