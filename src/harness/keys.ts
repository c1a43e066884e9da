import type { Exchange } from '../client/exchange.ts';
import { positiveDataAccepted } from '../checks/data.ts';
import { responseObject } from '../checks/body.ts';
import { wasThrottled, type Harness } from './harness.ts';
import { PreconditionError, throttledError } from './precondition.ts';

/** A JSON object as the target returned it. */
export type Json = Readonly<Record<string, unknown>>;

export interface Created {
  readonly exchange: Exchange;
  readonly key: Json;
  readonly id: string;
}

/**
 * CreateKey with a name that identifies the run, the id written to the cleanup ledger as soon as the
 * target answers, and the verdict of positive_data_accepted recorded. Throws PreconditionError when no
 * key came back (the test cannot go on; the finding, if any, is already recorded).
 */
export async function createKey(h: Harness, body: Json, label: string): Promise<Created> {
  const exchange = await h.call('CreateKey', { body: { name: h.keyName(label), ...body } });
  return ownedKey(h, exchange, `CreateKey ${String(body.scheme)}/${String(body.curve)}`);
}

/** The key a CreateKey or ImportKey exchange created (the harness has already put it in the ledger). */
export function ownedKey(h: Harness, exchange: Exchange, description: string): Created {
  const key = responseObject(exchange);
  const id = key?.id;
  h.check(positiveDataAccepted, exchange, { description });
  if (
    key === undefined ||
    typeof id !== 'string' ||
    exchange.response === undefined ||
    exchange.response.status >= 300
  ) {
    if (wasThrottled(exchange)) throw throttledError(description);
    throw new PreconditionError(
      `${description}: no key came back (${exchange.response?.status ?? exchange.failure?.kind ?? 'no response'})`,
    );
  }
  return { exchange, key, id };
}

/** The JSON object of a 2xx response, or a PreconditionError naming what came back instead. */
export function successBody(exchange: Exchange, what: string): Json {
  const status = exchange.response?.status;
  const body = responseObject(exchange);
  if (status === undefined || status >= 300 || body === undefined) {
    if (wasThrottled(exchange)) throw throttledError(what);
    throw new PreconditionError(
      `${what}: expected a 2xx JSON object, got ${status ?? exchange.failure?.kind ?? 'nothing'}`,
    );
  }
  return body;
}

/** A random 32-byte hash in hex with the 0x prefix, for signing. */
export function randomHash(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return `0x${Buffer.from(bytes).toString('hex')}`;
}
