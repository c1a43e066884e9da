import type { Check } from './check.ts';
import { PASS, isSuccess } from './check.ts';
import { answered, errorMessage } from './body.ts';

/** Invalid input must be refused with a 4xx and valid input accepted with a 2xx. */

export interface InvalidInput {
  /** What is wrong with the input, e.g. `CreateKeyBody.name: maxLength+1`. */
  readonly description: string;
  /** Pointer of the contract rule the input breaks. */
  readonly rule: string;
  /** When the contract names the refusal exactly (e.g. 404 for an id that does not exist). */
  readonly expectedStatus?: number;
  /**
   * What the input is an instance of, when one rule is tried on several (each invalid scheme/curve pair):
   * part of a finding's fingerprint, so each is a finding of its own rather than a repeat of the first.
   */
  readonly subject?: string;
}

export const negativeDataRejected: Check<InvalidInput> = {
  id: 'negative_data_rejected',
  severity: 'high',
  rationale:
    'Input the contract forbids must be refused with a 4xx: accepting it stores or signs what no client should be able to ask for, and a 5xx means the server did not validate at all.',
  run(exchange, _context, input) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    if (status >= 400 && status < 500) {
      if (input.expectedStatus === undefined || status === input.expectedStatus) return PASS;
      return [
        {
          message: `${answered(exchange)} to ${input.description}; the contract says ${input.expectedStatus}`,
          pointer: input.rule,
          severity: 'medium',
          ...(input.subject === undefined ? {} : { subject: input.subject }),
        },
      ];
    }
    return [
      {
        message: `${answered(exchange)} to invalid input (${input.description}); expected a 4xx`,
        pointer: input.rule,
        evidence: { input: input.description },
        ...(status >= 500 ? { severity: 'high' as const } : {}),
        ...(input.subject === undefined ? {} : { subject: input.subject }),
      },
    ];
  },
};

/** Why a 404 is no refusal of a request whose path names only resources the run made and still holds. */
export const RESOURCES_EXIST: Readonly<Record<number, string>> = {
  404: 'though its path names only resources that exist',
};

export interface ValidInput {
  readonly description: string;
  /**
   * Fuzzed input is valid by schema but may still be refused for a reason the schema cannot express
   * (an unknown key id, an unsupported kind); then a documented 4xx with an error body passes.
   */
  readonly semanticRefusalAllowed?: boolean;
  /**
   * Statuses that are no semantic refusal of this request, each with the reason why (e.g. 404 when its path
   * names only resources the run made and still holds): they fail even where a refusal may pass.
   */
  readonly notRefusedWith?: Readonly<Record<number, string>>;
}

export const positiveDataAccepted: Check<ValidInput> = {
  id: 'positive_data_accepted',
  severity: 'high',
  rationale:
    'Input the contract allows must be accepted: a target that refuses valid requests breaks every client written against the contract.',
  run(exchange, context, input) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    if (isSuccess(status)) return PASS;
    // A refusal of schema-valid input passes only when the target says why: an error body with a message.
    const stated = (errorMessage(exchange) ?? '').trim() !== '';
    const notRefused = input.notRefusedWith?.[status];
    if (
      input.semanticRefusalAllowed === true &&
      status >= 400 &&
      status < 500 &&
      stated &&
      notRefused === undefined
    )
      return PASS;
    return [
      {
        message: `${answered(exchange)} to valid input (${input.description})${notRefused === undefined ? '' : `, ${notRefused}`}`,
        ...(context.operation?.requestBody === undefined
          ? {}
          : { pointer: context.operation.requestBody.pointer }),
      },
    ];
  },
};
