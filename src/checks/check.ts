import type { Exchange } from '../client/exchange.ts';
import type { Contract, Operation } from '../contract/index.ts';
import type { Severity } from '../report/finding.ts';
import type { CheckId } from './check-ids.ts';

/** What every check may read besides the exchange itself. */
export interface CheckContext {
  readonly contract: Contract;
  /** The operation the exchange targeted, when its path matched one. */
  readonly operation: Operation | undefined;
}

/** One way an exchange broke the check's rule. The harness adds the check id, exchange, curl and test. */
export interface CheckFailure {
  readonly message: string;
  readonly pointer?: string;
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** Overrides the check's default severity (e.g. a 5xx on valid input is worse than on invalid). */
  readonly severity?: Severity;
  readonly subject?: string;
}

/**
 * A named check: a small function from an exchange (and what the test expected, `E`) to failures.
 * It returns `'not-applicable'` when the exchange is outside its scope (an error-body check on a 200),
 * so the operation x check matrix counts only real verdicts.
 */
export interface Check<E = undefined> {
  readonly id: CheckId;
  readonly severity: Severity;
  /** Why the rule matters, in a sentence; shown in docs and in `--list-checks`. */
  readonly rationale: string;
  run(exchange: Exchange, context: CheckContext, expectation: E): readonly CheckFailure[] | 'not-applicable';
}

export const PASS: readonly CheckFailure[] = [];

/**
 * The status line arrived but the body did not (a reset mid-body, the size cap, the timeout): response_received
 * reports the exchange, and a check that reads the body has nothing whole to judge. Judged anyway, the cut
 * body read as "not JSON" or as a key whose every field had become undefined: noise after the one finding.
 */
export function bodyIncomplete(exchange: Exchange): boolean {
  return exchange.response !== undefined && exchange.failure !== undefined;
}

/** 401 or 403: the target refused the caller, before anything the request asked for was looked at. */
export function isAuthRefusal(status: number | undefined): boolean {
  return status === 401 || status === 403;
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The `responses` object of an operation: what a status-code rule cites. */
export function responsesPointer(operation: Operation): string {
  return `${operation.pointer}/responses`;
}
