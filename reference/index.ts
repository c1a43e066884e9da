import { createIdentity, type CredentialKindOption } from './auth/identity.ts';
import { createUserActions } from './auth/user-actions.ts';
import { createCluster } from './cluster/cluster.ts';
import { prepareCredentialFile } from './credential-file.ts';
import type { FaultId } from './faults.ts';
import { startServer } from './http/server.ts';
import { entityId } from './ids.ts';
import { resolveOptions, type ReferenceOptions } from './options.ts';
import { HANDLERS } from './routes.ts';
import type { ReferenceState } from './state.ts';
import { createKeyStore } from './store/key-store.ts';
import { createSignatureStore } from './store/signature-store.ts';
import { openApiIndex } from './validation/openapi-operations.ts';

/**
 * The embedded reference target: a complete implementation of openapi.yaml over a simulated signing cluster,
 * with injectable faults (faults.ts). It is a target like any other; suites reach it over HTTP only.
 */
export {
  FAULTS,
  faultListText,
  faultTableMarkdown,
  type FaultCategory,
  type FaultId,
  type FaultSpec,
} from './faults.ts';
export { ReferenceOptionError, type ReferenceOptions } from './options.ts';

export interface ReferenceCredential {
  readonly id: string;
  readonly kind: CredentialKindOption;
  /** PKCS#8 PEM; not enumerable, so logging the handle does not print it. */
  readonly privateKeyPem: string;
}

export interface ReferenceHandle {
  /** Base URL, e.g. http://127.0.0.1:41233 */
  readonly url: string;
  /** The bearer token; not enumerable. */
  readonly token: string;
  readonly credential: ReferenceCredential;
  /** Where the credential's private key is (mode 0600). */
  readonly credentialKeyFile: string;
  readonly faults: readonly FaultId[];
  /** How many requests `rateLimitEvery` answered 429. */
  rateLimited(): number;
  /** Stops the server and removes the credential key file if the reference created it. Idempotent. */
  close(): Promise<void>;
}

export async function startReference(options: ReferenceOptions = {}): Promise<ReferenceHandle> {
  const resolved = resolveOptions(options);
  const credentialFile = await prepareCredentialFile(resolved.credentialKind, resolved.credentialKeyFile);
  const identity = createIdentity(credentialFile.key);
  const state: ReferenceState = {
    faults: resolved.faults,
    cluster: createCluster(resolved.signers, resolved.threshold),
    keys: createKeyStore(),
    signatures: createSignatureStore(),
    identity,
    userActions: createUserActions(identity.credential, resolved.now),
    storeId: entityId('store'),
    now: resolved.now,
  };
  let server;
  try {
    server = await startServer(state, openApiIndex().operations.values(), HANDLERS, {
      host: resolved.host,
      port: resolved.port,
      maxBodyBytes: resolved.maxBodyBytes,
      log: resolved.log,
      rateLimitEvery: resolved.rateLimitEvery,
      requireAppId: resolved.requireAppId,
    });
  } catch (error) {
    await credentialFile.remove();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const credential = hidden(
    { id: identity.credential.id, kind: credentialFile.kind },
    'privateKeyPem',
    credentialFile.privateKeyPem,
  );
  return hidden(
    {
      url: server.url,
      credential,
      credentialKeyFile: credentialFile.path,
      faults: resolved.faults.ids,
      rateLimited: () => server.rateLimited(),
      close: () => {
        closing ??= server.close().then(() => credentialFile.remove());
        return closing;
      },
    },
    'token',
    identity.token,
  );
}

function hidden<T extends object, K extends string>(
  value: T,
  name: K,
  secret: string,
): T & Readonly<Record<K, string>> {
  Object.defineProperty(value, name, { value: secret, enumerable: false, writable: false });
  return value as T & Readonly<Record<K, string>>;
}
