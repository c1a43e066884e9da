import type { Check } from './check.ts';
import { PASS } from './check.ts';
import { answered } from './body.ts';

/**
 * Authentication and user-action signing (keys-api.md §1.2-1.4, §5): every endpoint needs the bearer
 * token; every mutating Keys call needs a fresh user-action token bound to its method, path and body.
 */

export interface BearerExpectation {
  /** What the test sent instead of a valid token. */
  readonly sent: 'none' | 'malformed' | 'wrong';
}

export const authRequired: Check<BearerExpectation> = {
  id: 'auth_required',
  severity: 'critical',
  rationale:
    'Every Keys endpoint requires the bearer token; an endpoint that answers without one exposes or changes keys for anyone who can reach it.',
  run(exchange, context, { sent }) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    const pointer = context.operation === undefined ? undefined : `${context.operation.pointer}/security`;
    const what = sent === 'none' ? 'no bearer token' : `a ${sent} bearer token`;
    if (status >= 200 && status < 300) {
      return [
        { message: `${answered(exchange)} with ${what}`, ...(pointer === undefined ? {} : { pointer }) },
      ];
    }
    if (status !== 401) {
      return [
        {
          message: `refused ${what} with ${status}, not the documented 401`,
          severity: 'medium',
          ...(context.operation === undefined
            ? {}
            : { pointer: `${context.operation.pointer}/responses/401` }),
        },
      ];
    }
    return PASS;
  },
};

export interface UserActionExpectation {
  /** How the user action was wrong. */
  readonly defect: 'missing' | 'reused' | 'other-path' | 'other-body' | 'other-method' | 'garbage';
}

const DEFECT_TEXT: Readonly<Record<UserActionExpectation['defect'], string>> = {
  missing: 'without a user-action token',
  reused: 'with a user-action token that was already used',
  'other-path': 'with a user-action token signed for another path',
  'other-body': 'with a user-action token signed for another body',
  'other-method': 'with a user-action token signed for another method',
  garbage: 'with a user-action token that was never issued',
};

/**
 * A mutating call whose user action is missing, reused or signed for something else must be refused.
 * The documented refusal is 403; Dfns' older docs answer a reused token with 400, so any 401/400/403
 * passes and only acceptance (2xx) or another status is a finding.
 */
function userActionCheck(
  id: 'user_action_required' | 'user_action_single_use' | 'user_action_bound',
  rationale: string,
): Check<UserActionExpectation> {
  return {
    id,
    severity: 'critical',
    rationale,
    run(exchange, context, { defect }) {
      const status = exchange.response?.status;
      if (status === undefined) return 'not-applicable';
      const pointer = context.operation === undefined ? undefined : `${context.operation.pointer}/security`;
      if (status >= 200 && status < 300) {
        return [
          {
            message: `accepted a call ${DEFECT_TEXT[defect]} (${answered(exchange)})`,
            ...(pointer ? { pointer } : {}),
          },
        ];
      }
      if (status !== 400 && status !== 401 && status !== 403) {
        return [
          {
            message: `refused a call ${DEFECT_TEXT[defect]} with ${status}, not the documented 403`,
            severity: 'medium',
            ...(pointer ? { pointer } : {}),
          },
        ];
      }
      return PASS;
    },
  };
}

export const userActionRequired = userActionCheck(
  'user_action_required',
  'Mutating Keys calls require a user-action signature (X-DFNS-USERACTION); without it a stolen bearer token alone could create, sign with or export keys.',
);

export const userActionSingleUse = userActionCheck(
  'user_action_single_use',
  'User-action tokens are one-time: a token that can be replayed turns one approved action into many.',
);

export const userActionBound = userActionCheck(
  'user_action_bound',
  'A user-action token is signed over the method, path and exact payload; a target that accepts it for another request lets an approval for one action authorise a different one.',
);
