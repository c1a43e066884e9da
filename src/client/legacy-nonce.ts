import { randomUUID } from 'node:crypto';

/**
 * `X-DFNS-NONCE` as deployments of 2023–2024 required it on every request and TS SDK ≤ 0.5 sent it: base64url of
 * `{"uuid": <random>, "date": <ISO time>}` (keys-api.md §1.3, the format [C]; whether any target still wants it
 * is [I], hence a setting). Fresh on every request, so a target refusing replays never sees one twice.
 */
export const LEGACY_NONCE_HEADER = 'x-dfns-nonce';

export function legacyNonce(now: Date = new Date()): string {
  return Buffer.from(JSON.stringify({ uuid: randomUUID(), date: now.toISOString() }), 'utf8').toString(
    'base64url',
  );
}
