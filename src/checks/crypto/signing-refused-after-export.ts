import { answered } from '../body.ts';
import { isSuccess, PASS, type Check } from '../check.ts';

/**
 * signing_refused_after_export: "by default an exported key can no longer sign within Dfns" (keys-api.md
 * §4.14). Whether a target does so is a profile hypothesis (exportedKeyRefusesSigning): when it says the key
 * keeps signing, a refusal is the finding instead. A refusal must be a 4xx; a 5xx is no refusal at all.
 */
export interface AfterExport {
  readonly keyId: string;
  /** The profile's hypothesis exportedKeyRefusesSigning. */
  readonly refuses: boolean;
}

export const signingRefusedAfterExport: Check<AfterExport> = {
  id: 'signing_refused_after_export',
  severity: 'critical',
  rationale:
    'Once a key has left the cluster its owner holds it alone; a cluster that still signs with it keeps a second copy of a key it no longer guards, and signs for whoever can still reach it.',
  run(exchange, context, { keyId, refuses }) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    const pointer = context.operation === undefined ? undefined : `${context.operation.pointer}/responses`;
    const at = pointer === undefined ? {} : { pointer };
    if (refuses) {
      if (isSuccess(status)) {
        return [
          {
            message: `exported key ${keyId} still signs (${answered(exchange)}); exported keys must refuse to sign (profile hypothesis exportedKeyRefusesSigning: true)`,
            ...at,
            evidence: { keyId, status },
          },
        ];
      }
      if (status >= 400 && status < 500) return PASS;
      return [
        {
          message: `${answered(exchange)} to a signature with exported key ${keyId}; a refusal is a 4xx`,
          severity: 'medium',
          ...at,
          evidence: { keyId, status },
        },
      ];
    }
    if (isSuccess(status)) return PASS;
    return [
      {
        message: `exported key ${keyId} refuses to sign (${answered(exchange)}); the profile says exported keys keep signing (hypothesis exportedKeyRefusesSigning: false)`,
        severity: 'medium',
        ...at,
        evidence: { keyId, status },
      },
    ];
  },
};
