import { createClient, type Client } from '../../src/client/client.ts';
import type { ReferenceHandle } from '../../reference/index.ts';

/**
 * What tests outside a run use to look at a reference: a client with its token and credential, every
 * key it holds, and the environment that points a CLI at it. Tests read the reference's state before and after a CLI run, the way an operator would.
 */

export function referenceClient(reference: ReferenceHandle): Client {
  return createClient({
    baseUrl: reference.url,
    token: reference.token,
    credential: { id: reference.credential.id, privateKeyPem: reference.credential.privateKeyPem },
  });
}

/** The environment that points a CLI at this reference (as `keys-conformance reference` prints it). */
export function targetEnv(reference: ReferenceHandle): Record<string, string> {
  return {
    KEYS_API_URL: reference.url,
    KEYS_API_TOKEN: reference.token,
    KEYS_API_CREDENTIAL_ID: reference.credential.id,
    KEYS_API_CREDENTIAL_KEY: reference.credentialKeyFile,
  };
}

/** Every key ListKeys returns, page by page (an unanswered page ends the walk). */
export async function allKeys(client: Client): Promise<Record<string, unknown>[]> {
  const keys: Record<string, unknown>[] = [];
  let token: string | undefined;
  do {
    const page = await client.request({
      method: 'GET',
      path: '/keys',
      query: { limit: 500, ...(token === undefined ? {} : { paginationToken: token }) },
    });
    const body = (page.sent ? page.exchange.response?.parsed?.value : undefined) as
      { items: Record<string, unknown>[]; nextPageToken?: string } | undefined;
    keys.push(...(body?.items ?? []));
    token = body?.nextPageToken;
  } while (token !== undefined);
  return keys;
}

/** A new ECDSA/secp256k1 key (named when `name` is given); its id. */
export async function createTestKey(client: Client, name?: string): Promise<string> {
  const result = await client.request({
    method: 'POST',
    path: '/keys',
    body: { scheme: 'ECDSA', curve: 'secp256k1', ...(name === undefined ? {} : { name }) },
  });
  return String((result.sent ? (result.exchange.response?.parsed?.value as { id?: string }) : undefined)?.id);
}

/** The key's status as GetKey reads it (Active, Archived…), or undefined when it cannot be read. */
export async function keyStatus(client: Client, keyId: string): Promise<unknown> {
  const result = await client.request({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId } });
  return (result.sent ? (result.exchange.response?.parsed?.value as { status?: string }) : undefined)?.status;
}

/** Those of `keyIds` that are still Active. */
export async function activeKeyIds(client: Client, keyIds: Iterable<string>): Promise<string[]> {
  const active: string[] = [];
  for (const keyId of keyIds) if ((await keyStatus(client, keyId)) === 'Active') active.push(keyId);
  return active;
}
