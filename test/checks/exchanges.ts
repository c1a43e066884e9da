import type { Exchange } from '../../src/client/exchange.ts';
import type { Check, CheckContext, CheckFailure } from '../../src/checks/check.ts';
import { loadContract } from '../../src/contract/index.ts';

/**
 * Crafted exchanges for unit tests of checks: what a target could have answered, without a target. The
 * request is a placeholder (checks of this folder read only the response and the expectation).
 */
const contract = loadContract();

export function answer(operationId: string, status: number, body: unknown): Exchange {
  const text = JSON.stringify(body);
  return {
    id: 'x-test',
    operationId,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: { method: 'POST', url: 'http://127.0.0.1/test', path: '/test', headers: {} },
    response: {
      status,
      headers: { 'content-type': 'application/json' },
      body: text,
      parsed: { value: body },
    },
  };
}

export function contextOf(operationId: string): CheckContext {
  return { contract, operation: contract.operation(operationId) };
}

/** Runs a check on an exchange the way the harness does. */
export function verdictOf<E>(
  check: Check<E>,
  exchange: Exchange,
  expectation: E,
): readonly CheckFailure[] | 'not-applicable' {
  return check.run(exchange, contextOf(exchange.operationId ?? 'GenerateSignature'), expectation);
}

/** A signed GenerateSignature answer carrying this signature object. */
export function signed(signature: unknown): Exchange {
  return answer('GenerateSignature', 200, {
    id: 'sig-test',
    keyId: 'key-test',
    status: 'Signed',
    ...(signature === undefined ? {} : { signature }),
  });
}
