import { hexToBytes } from '@noble/hashes/utils.js';
import {
  createClient,
  type Client,
  type ClientOptions,
  type RequestOptions,
} from '../../src/client/client.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { loadContract, validateExchange, type Violation } from '../../src/contract/index.ts';
import {
  buildImportRequest,
  type ImportRequest,
  type ImportRequestInput,
  type SignerInfo,
} from '../../src/crypto/import-request.ts';
import { knownKey } from '../../fixtures/known-keys.ts';
import { startReference, type ReferenceHandle, type ReferenceOptions } from '../../reference/index.ts';

/**
 * A reference and a client wired to it, for the reference's own tests: every exchange (auth sub-calls
 * included) is kept, so a test can validate all of them against the contract or scan them for secrets.
 */
export interface Session {
  readonly ref: ReferenceHandle;
  readonly client: Client;
  readonly exchanges: Exchange[];
  /** Sends a request; throws if user-action signing kept it from being sent. */
  call(options: RequestOptions): Promise<Exchange>;
  /** A client of the same reference with other options (e.g. another bearer). */
  clientWith(options: Partial<ClientOptions>): Client;
  close(): Promise<void>;
}

const contract = loadContract();

export async function openSession(options: ReferenceOptions = {}): Promise<Session> {
  const ref = await startReference({ quiet: true, ...options });
  const exchanges: Exchange[] = [];
  const clients: Client[] = [];
  const clientWith = (extra: Partial<ClientOptions>): Client => {
    const client = createClient({
      baseUrl: ref.url,
      token: ref.token,
      credential: { id: ref.credential.id, privateKeyPem: ref.credential.privateKeyPem },
      resolveOperation: (method, path) => contract.match(method, path)?.operation.operationId,
      connections: 16,
      ...extra,
    });
    client.onExchange((exchange) => exchanges.push(exchange));
    clients.push(client);
    return client;
  };
  const client = clientWith({});
  return {
    ref,
    client,
    exchanges,
    clientWith,
    call: (request) => send(client, request),
    close: async () => {
      await Promise.all(clients.map((c) => c.close()));
      await ref.close();
    },
  };
}

export async function send(client: Client, request: RequestOptions): Promise<Exchange> {
  const result = await client.request(request);
  if (!result.sent) throw new Error(result.authError.message);
  return result.exchange;
}

export function statusOf(exchange: Exchange): number {
  if (exchange.response === undefined)
    throw new Error(`no response: ${exchange.failure?.message ?? 'unknown'}`);
  return exchange.response.status;
}

/** The parsed JSON body of a response, as a record. */
export function bodyOf(exchange: Exchange): Record<string, unknown> {
  const value = exchange.response?.parsed?.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`response ${exchange.response?.status ?? 'none'} has no JSON object body`);
  }
  return value as Record<string, unknown>;
}

/** A JSON body that must be a 200 answer. */
export function okBody(exchange: Exchange): Record<string, unknown> {
  const status = statusOf(exchange);
  if (status !== 200)
    throw new Error(`expected 200, got ${status}: ${exchange.response?.body.slice(0, 300) ?? ''}`);
  return bodyOf(exchange);
}

export function errorMessageOf(exchange: Exchange): string {
  const error = bodyOf(exchange).error as { message?: unknown } | undefined;
  return typeof error?.message === 'string' ? error.message : '';
}

/** Contract violations of one exchange (none when its path matches no operation). */
export function violationsOf(exchange: Exchange): Violation[] {
  const found = contract.match(exchange.request.method, exchange.request.path);
  return found === undefined ? [] : validateExchange(contract, found.operation, exchange);
}

export async function createKey(
  session: Session,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return okBody(await session.call({ method: 'POST', path: '/keys', body }));
}

export async function signersOf(session: Session): Promise<SignerInfo[]> {
  const body = okBody(await session.call({ method: 'GET', path: '/signers' }));
  const [cluster] = body.clusters as { signers: SignerInfo[] }[];
  return cluster!.signers;
}

/** An ImportKey body for a known key of fixtures/known-keys.json, split for this reference's signers. */
export async function knownKeyImport(
  session: Session,
  id: string,
  extra: Partial<ImportRequestInput> = {},
): Promise<ImportRequest> {
  const known = knownKey(id);
  return buildImportRequest({
    secret: hexToBytes(known.seed ?? known.secret),
    curve: known.curve,
    protocol: known.protocol,
    minSigners: 3,
    signers: await signersOf(session),
    ...extra,
  });
}

export async function importKnownKey(session: Session, id: string): Promise<Record<string, unknown>> {
  const request = await knownKeyImport(session, id);
  return okBody(await session.call({ method: 'POST', path: '/keys/import', body: request.body }));
}

export const HASH = `0x${'5a'.repeat(32)}`;
