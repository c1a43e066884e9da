import type { Check } from './check.ts';
import { PASS, isSuccess } from './check.ts';
import { answered, responseObject } from './body.ts';

const EXTERNAL_ID = '#/components/schemas/ExternalId';

export interface Replay {
  /** The signature request the first call created. */
  readonly firstId: string;
  readonly externalId: string;
  /** Same body as the first call (expect the same request back) or a different one (expect 409). */
  readonly sameBody: boolean;
}

/**
 * `externalId` makes GenerateSignature idempotent (keys-api.md §1.5): the same body again returns the
 * original request, never a second signature; a different body with the same externalId is a 409 whose
 * error names the duplicate.
 */
export const idempotentReplay: Check<Replay> = {
  id: 'idempotent_replay',
  severity: 'high',
  rationale:
    'Retries after a timeout must not sign twice: with an externalId the same request returns the original, and a conflicting one is refused with 409.',
  run(exchange, _context, { firstId, externalId, sameBody }) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    const body = responseObject(exchange);
    if (sameBody) {
      if (!isSuccess(status)) {
        return [
          { message: `${answered(exchange)} to a replay of externalId ${externalId}`, pointer: EXTERNAL_ID },
        ];
      }
      return body?.id === firstId
        ? PASS
        : [
            {
              message: `a replay of externalId ${externalId} created request ${String(body?.id)} instead of returning ${firstId}`,
              pointer: EXTERNAL_ID,
              severity: 'critical',
            },
          ];
    }
    if (status !== 409) {
      return [
        {
          message: `${answered(exchange)} to a different body with externalId ${externalId}; expected 409`,
          pointer: EXTERNAL_ID,
          ...(isSuccess(status) ? { severity: 'critical' as const } : {}),
        },
      ];
    }
    const error = body?.error;
    const details =
      error !== null && typeof error === 'object' ? (error as Record<string, unknown>).details : undefined;
    const duplicate =
      details !== null && typeof details === 'object'
        ? (details as Record<string, unknown>).duplicate
        : undefined;
    const dupId =
      duplicate !== null && typeof duplicate === 'object'
        ? (duplicate as Record<string, unknown>).id
        : undefined;
    if (dupId !== firstId) {
      return [
        {
          message: `409 for externalId ${externalId} does not name the duplicate in error.details.duplicate.id (got ${JSON.stringify(dupId)})`,
          pointer: '#/components/schemas/ErrorBody',
          severity: 'medium',
        },
      ];
    }
    return PASS;
  },
};
