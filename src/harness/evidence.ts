import type { Exchange, ExchangeResponse } from '../client/exchange.ts';

/**
 * Response bodies longer than this are cut in a finding's evidence. The client reads up to
 * --max-response-bytes (8 MiB) of a body, and each finding keeps its own copy in findings.json and in an
 * Allure attachment: a target streaming an endless body made every finding of the run 8 MiB, half a
 * gigabyte of reports for one suite file. Request bodies are the run's own, and kept whole.
 */
export const EVIDENCE_BODY_CHARS = 64 * 1024;

function boundedResponse(response: ExchangeResponse): ExchangeResponse {
  if (response.body.length <= EVIDENCE_BODY_CHARS) return response;
  // The parsed value is that body again, as large: the cut text is what the reader gets.
  const { parsed: _parsed, ...rest } = response;
  const note = `… (body cut at ${EVIDENCE_BODY_CHARS} of ${response.body.length} characters)`;
  return { ...rest, body: `${response.body.slice(0, EVIDENCE_BODY_CHARS)}${note}` };
}

/** An exchange as a finding keeps it: a response body cut to EVIDENCE_BODY_CHARS, saying so. */
export function boundedEvidence(exchange: Exchange): Exchange {
  return exchange.response === undefined
    ? exchange
    : { ...exchange, response: boundedResponse(exchange.response) };
}
