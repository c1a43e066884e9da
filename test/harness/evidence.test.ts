import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import { boundedEvidence, EVIDENCE_BODY_CHARS } from '../../src/harness/evidence.ts';

function exchangeWithBody(body: string): Exchange {
  return {
    id: 'x-000001',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: { method: 'GET', url: 'http://127.0.0.1/keys/k', path: '/keys/k', headers: {} },
    response: { status: 200, headers: {}, body, parsed: { value: body } },
  };
}

describe('boundedEvidence', () => {
  it('GetKey: an 8 MiB response body is cut, with its parsed value, and says where', () => {
    const body = ' '.repeat(8 * 1024 * 1024);
    const response = boundedEvidence(exchangeWithBody(body)).response;
    const note = `… (body cut at ${EVIDENCE_BODY_CHARS} of ${body.length} characters)`;
    expect([response?.body.length, response?.parsed, response?.body.endsWith(note)]).toEqual([
      EVIDENCE_BODY_CHARS + note.length,
      undefined,
      true,
    ]);
  });

  it('GetKey: a response body within the bound is kept as it is', () => {
    const exchange = exchangeWithBody('{"id":"k"}');
    expect(boundedEvidence(exchange)).toEqual(exchange);
  });
});
