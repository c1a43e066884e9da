import { isAuthRefusal } from '../checks/check.ts';
import type { Client } from '../client/client.ts';
import type { Exchange } from '../client/exchange.ts';
import { unreachableReason } from './unreachable-hints.ts';

/**
 * Before a run starts its suites (and for `keys-conformance check`): can the client reach the target, is its
 * bearer token accepted, can it sign a user action? A no is the run's own failure (exit 2), not a finding.
 */

/** One step that passed, for `check` to show: `GET /keys?limit=1 answered 200 in 12 ms`. */
export type PreflightStep = (line: string) => void;

const elapsed = (exchanges: readonly Exchange[]): string =>
  `${Math.round(exchanges.reduce((sum, e) => sum + e.durationMs, 0))} ms`;

/** The reason the target cannot be run against, or undefined when every step passed. */
export async function preflight(
  client: Client,
  step: PreflightStep = () => undefined,
): Promise<string | undefined> {
  // ListKeys is the most basic read; which endpoint misbehaves is for the suites to say.
  const first = await client.request({ method: 'GET', path: '/keys', query: { limit: 1 } });
  if (!first.sent) return 'could not send the first request';
  const { exchange } = first;
  if (exchange.response === undefined) return unreachableReason(exchange, client.proxy);
  const status = exchange.response.status;
  if (isAuthRefusal(status)) {
    return `the target refused the bearer token: GET /keys answered ${status}${refusalMessage(exchange, client)}`;
  }
  step(`GET /keys?limit=1 answered ${status} in ${elapsed([exchange])}: the bearer token is accepted`);
  const signed = await client.signUserAction({ method: 'POST', path: '/keys', payload: '{}' });
  if (!signed.ok) return signed.error.message;
  step(`a user action for POST /keys was signed in ${elapsed(signed.exchanges)}: the credential is accepted`);
  return undefined;
}

/**
 * What the target said when it refused the run's credentials (the SDKs read `error.message`, or `message`):
 * it may name what it wants, e.g. a header the configuration lacks. Scrubbed of the run's secrets, one line.
 */
function refusalMessage(exchange: Exchange, client: Client): string {
  const body = exchange.response?.parsed?.value as
    { readonly error?: { readonly message?: unknown }; readonly message?: unknown } | undefined;
  const message = body?.error?.message ?? body?.message;
  if (typeof message !== 'string' || message.trim() === '') return '';
  const line = client.redactor.scrub(message).replace(/\s+/g, ' ').trim();
  return ` (${JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line)})`;
}
