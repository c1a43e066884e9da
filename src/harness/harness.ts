import { inject } from 'vitest';
import { createClient, type Client, type RequestOptions } from '../client/client.ts';
import { toCurl } from '../client/curl.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../client/defaults.ts';
import { scrubValue, type Redactor } from '../client/redact.ts';
import type { Exchange } from '../client/exchange.ts';
import { bodyStringBounds, contractFromDocument, type Contract, type Operation } from '../contract/index.ts';
import { AUTOMATIC_CHECKS } from '../checks/automatic.ts';
import type { Check, CheckContext, CheckFailure } from '../checks/check.ts';
import type { CheckId } from '../checks/check-ids.ts';
import type { Finding, Severity } from '../report/finding.ts';
import { appendToLedger, keyNamePrefix } from '../run/ledger.ts';
import type { TargetProfile } from '../run/profile.ts';
import type { RunContext } from '../run/test-meta.ts';
import {
  isRecordSink,
  noteOperation,
  recordAnswer,
  recordFinding,
  recordTally,
  recordThrottled,
  runningTest,
  type RecordSink,
} from './recorder.ts';
import { boundedEvidence } from './evidence.ts';
import { PreconditionError, throttledError } from './precondition.ts';

/** Options of `call`: everything a request takes except what the operation fixes (method, path). */
export type CallOptions = Omit<RequestOptions, 'method' | 'path' | 'operationId'>;

/** A finding a test reports directly, without a check object (e.g. from a multi-exchange invariant). */
export interface DirectFinding extends CheckFailure {
  readonly checkId: CheckId;
  readonly operationId?: string;
  readonly exchange?: Exchange;
}

/**
 * What a suite test works with: the target's client (every exchange already checked against the
 * contract), the contract, the profile, and the few verbs tests share — call an operation, apply a
 * named check, report a finding, and create keys the run owns (named with the run id and written to
 * the cleanup ledger before anything else happens).
 */
export interface Harness {
  readonly runId: string;
  readonly contract: Contract;
  readonly client: Client;
  readonly profile: TargetProfile;
  readonly fuzz: RunContext['fuzz'];
  /** Calls an operation by id; returns the exchange whatever the status. Throws only when it could not be sent. */
  call(operationId: string, options?: CallOptions): Promise<Exchange>;
  /**
   * Applies a named check to an exchange; records the verdict for the matrix. True when it passed, and
   * (judging nothing) when the exchange is a 429 the client gave up pacing.
   */
  check<E>(check: Check<E>, exchange: Exchange, expectation: E): boolean;
  /** Records a finding that is not the verdict of a Check object. */
  report(finding: DirectFinding): void;
  /**
   * A key name that says which run made the key (names are visible to operators), cut to the shortest
   * `maxLength` the contract sets on a key name.
   */
  keyName(label: string): string;
  /** Records a key id in the cleanup ledger (done automatically for every 2xx CreateKey and ImportKey). */
  owns(keyId: string): void;
  /**
   * The same harness recording into a capture's sink (see captureRecords) instead of the running test:
   * its checks, its reports, and the automatic checks on every exchange its calls make.
   */
  within(sink: RecordSink): Harness;
}

let instance: Harness | undefined;

// Last answers of calls the client gave up pacing: a 429 says "not now", nothing about the request, so no
// named check judges it; the test records the call as throttled instead (src/run/verdict.ts).
const throttledExchanges = new WeakSet<Exchange>();

/** Whether this is the last 429 of a call the client gave up pacing (see Client.onThrottled). */
export function wasThrottled(exchange: Exchange): boolean {
  return throttledExchanges.has(exchange);
}

/** The redactor of the worker's harness, once one was built (before that, no request was made). */
export function workerRedactor(): Redactor | undefined {
  return instance?.client.redactor;
}

/** The worker's harness, built on first use from what the run provided. */
export function harness(): Harness {
  instance ??= createHarness(inject('keysConformance'));
  return instance;
}

/**
 * Waits until the worker's client has no request under way, for at most `maxMs`. A cancelled run aborts its
 * tests at once, but a request they sent goes on: its answer must still reach the exchange listener (which
 * records a key the target created in the cleanup ledger) before the worker ends. The bound keeps the wait
 * inside vitest's hook timeout whatever --timeout says; a key whose answer comes later still is found by
 * the run's sweep for its own key names (src/run/cleanup.ts).
 */
export async function requestsSettled(maxMs: number): Promise<void> {
  const idle = instance?.client.idle();
  if (idle === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([idle, new Promise((resolve) => (timer = setTimeout(resolve, maxMs)))]);
  clearTimeout(timer);
}

export function createHarness(run: RunContext): Harness {
  const contract = contractFromDocument(JSON.parse(run.contractJson), run.contractFile);
  const nameMaxLength = keyNameMaxLength(contract);
  const profile = JSON.parse(run.profileJson) as TargetProfile;
  const client = createClient({
    baseUrl: run.baseUrl,
    token: run.token,
    credential: { id: run.credentialId, privateKeyPem: run.credentialKeyPem },
    ...run.transport,
    resolveOperation: (method, path) => contract.match(method, path)?.operation.operationId,
    exchangeIdPrefix: `w${process.env.VITEST_POOL_ID ?? '0'}`,
  });

  // A finding's curl line waits as long as the run did: a slow target's answer must not time out in curl.
  const curlMaxTimeSeconds = Math.ceil((run.transport.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) / 1000);

  const contextOf = (exchange: Exchange): CheckContext => ({
    contract,
    operation: operationOf(contract, exchange),
  });

  const findingFrom = (
    checkId: CheckId,
    severity: Severity,
    failure: CheckFailure,
    exchange: Exchange | undefined,
    operationId: string | undefined,
  ): Finding => {
    const test = runningTest();
    return {
      checkId,
      severity: failure.severity ?? severity,
      ...(operationId === undefined ? {} : { operationId }),
      ...(failure.pointer === undefined ? {} : { pointer: failure.pointer }),
      ...(failure.subject === undefined ? {} : { subject: failure.subject }),
      // Checks word messages from the unredacted exchange, quoting the target's own words, which may echo
      // the token or a user action back: scrubbed here, the one door a finding leaves the worker by.
      message: client.redactor.scrub(failure.message),
      ...(failure.evidence === undefined ? {} : { evidence: scrubValue(failure.evidence, client.redactor) }),
      ...(exchange === undefined
        ? {}
        : {
            // Cut before it is redacted: scrubbing 8 MiB took a second, once per finding of the exchange. A
            // secret the cut splits is still found (the redactor knows a secret cut short before '…').
            exchange: client.redactor.redactExchange(boundedEvidence(exchange)),
            curl: toCurl(exchange, { redactor: client.redactor, maxTimeSeconds: curlMaxTimeSeconds }),
          }),
      ...(test === undefined ? {} : { test }),
    };
  };

  const check = <E>(
    c: Check<E>,
    exchange: Exchange,
    expectation: E,
    sink: RecordSink | undefined,
    context: CheckContext = contextOf(exchange),
  ): boolean => {
    const verdict = c.run(exchange, context, expectation);
    if (verdict === 'not-applicable') return true;
    const operationId = context.operation?.operationId ?? exchange.operationId ?? '(no operation)';
    recordTally(operationId, c.id, verdict.length === 0, sink);
    for (const failure of verdict) {
      recordFinding(findingFrom(c.id, c.severity, failure, exchange, context.operation?.operationId), sink);
    }
    return verdict.length === 0;
  };

  const owns = (keyId: string): void => {
    const test = runningTest();
    appendToLedger(run.ledgerFile, {
      keyId,
      runId: run.runId,
      createdAt: new Date().toISOString(),
      ...(test === undefined ? {} : { test: `${test.file} > ${test.name}` }),
      target: client.baseUrl,
    });
  };

  client.onThrottled((exchange, scope) => {
    throttledExchanges.add(exchange);
    recordThrottled(isRecordSink(scope) ? scope : undefined);
  });

  client.onExchange((exchange, scope) => {
    const sink = isRecordSink(scope) ? scope : undefined;
    // Looked up once for the exchange and its automatic checks.
    const context = contextOf(exchange);
    const operationId = context.operation?.operationId;
    // The shares an export answers with are redacted by field name where they stand; a target that later
    // quotes that answer in an error message would put them in a report as plain text.
    if (operationId === 'ExportKey' && exchange.response?.parsed !== undefined) {
      client.redactor.registerSecretFields(exchange.response.parsed.value);
    }
    if (operationId !== undefined) {
      noteOperation(operationId, sink);
      if (exchange.response !== undefined) recordAnswer(operationId, exchange.response.status, sink);
    }
    // Whatever a test meant, a key the target created belongs to this run and must be cleaned up.
    if (operationId === 'CreateKey' || operationId === 'ImportKey') {
      const created = createdKeyId(exchange);
      if (created !== undefined) owns(created);
    }
    for (const automatic of AUTOMATIC_CHECKS) check(automatic, exchange, undefined, sink, context);
  });

  const call = async (
    operationId: string,
    options: CallOptions,
    sink: RecordSink | undefined,
  ): Promise<Exchange> => {
    const operation = contract.operation(operationId);
    // The client honours a 429 with Retry-After itself (src/client/rate-limit.ts).
    const result = await client.request({
      ...options,
      method: operation.method,
      path: operation.pathTemplate,
      operationId,
      ...(sink === undefined ? {} : { scope: sink }),
    });
    if (!result.sent) {
      const last = result.auth.at(-1);
      if (last !== undefined && throttledExchanges.has(last))
        throw throttledError(`${operationId}: user-action signing`);
      throw new PreconditionError(`${operationId}: ${result.authError.message}`);
    }
    // A test's next steps build on this answer (a rename that never happened reads back as a finding), so a
    // call the target kept pacing stops the test, not tested. A fuzz input, recorded into a sink, is only
    // left unjudged: its property goes on with the next input.
    if (sink === undefined && throttledExchanges.has(result.exchange)) throw throttledError(operationId);
    return result.exchange;
  };

  const recordingInto = (sink: RecordSink | undefined): Harness => ({
    runId: run.runId,
    contract,
    client,
    profile,
    fuzz: run.fuzz,
    call: (operationId, options = {}) => call(operationId, options, sink),
    check: (c, exchange, expectation) =>
      throttledExchanges.has(exchange) || check(c, exchange, expectation, sink),
    report(finding) {
      const { checkId, operationId, exchange, ...failure } = finding;
      if (exchange !== undefined && throttledExchanges.has(exchange)) return;
      const op =
        operationId ?? (exchange === undefined ? undefined : operationOf(contract, exchange)?.operationId);
      if (op !== undefined) recordTally(op, checkId, false, sink);
      recordFinding(findingFrom(checkId, 'high', failure, exchange, op), sink);
    },
    keyName: (label) => `${keyNamePrefix(run.runId)}${label}`.slice(0, nameMaxLength),
    owns,
    within: recordingInto,
  });
  return recordingInto(undefined);
}

/** The bodies that carry a key name. */
const NAMING_OPERATIONS = ['CreateKey', 'ImportKey', 'UpdateKey'];

/** The longest key name every naming operation accepts (code points; no bound: unlimited). */
function keyNameMaxLength(contract: Contract): number {
  return Math.min(
    ...NAMING_OPERATIONS.map((id) => bodyStringBounds(contract, id, 'name')?.maxLength ?? Infinity),
  );
}

function operationOf(contract: Contract, exchange: Exchange): Operation | undefined {
  if (exchange.operationId !== undefined) {
    return contract.operations.find((o) => o.operationId === exchange.operationId);
  }
  return undefined;
}

function createdKeyId(exchange: Exchange): string | undefined {
  const response = exchange.response;
  if (response === undefined || response.status < 200 || response.status >= 300) return undefined;
  const value = response.parsed?.value;
  const id = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? id : undefined;
}
