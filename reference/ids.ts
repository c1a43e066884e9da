import { randomBytes } from '@noble/hashes/utils.js';
import { base64urlnopad } from '@scure/base';

/**
 * Identifiers in the Dfns shape `<prefix>-xxxxx-xxxxx-<16 chars>` over [a-z0-9] (keys-api.md §1.6), drawn
 * from a CSPRNG without modulo bias. Collisions are possible only in principle (36^26 ≈ 2^134); the
 * stores still refuse to reuse an id, so a collision costs a redraw, never a clash.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
// The largest multiple of 36 below 256: bytes at or above it are redrawn, so every character is uniform.
const UNBIASED_LIMIT = 252;

export function randomBase36(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT) out += ALPHABET[byte % 36]!;
      if (out.length === length) break;
    }
  }
  return out;
}

/** The id of an entity: `key-…`, `sig-…`, `us-…`, `cr-…`, `to-…`, `or-…`, `store-…`. */
export function entityId(prefix: string, separator = '-'): string {
  return [prefix, randomBase36(5), randomBase36(5), randomBase36(16)].join(separator);
}

/** An id that the predicate does not already know (the stores pass `has`). */
export function freshId(make: () => string, taken: (id: string) => boolean): string {
  for (;;) {
    const id = make();
    if (!taken(id)) return id;
  }
}

/** An opaque random token (bearer-token signatures, challenge and user-action tokens). */
export function randomToken(bytes = 32): string {
  return base64urlnopad.encode(randomBytes(bytes));
}

/** The support correlation id of an error body (`error.id`); Dfns shows long decimal strings. */
export function requestId(): string {
  return randomBase36(20);
}
