import type { TargetConfig } from '../config/resolve-config.ts';
import type { ClientOptions } from './client.ts';

/** The client options a resolved configuration implies; `baseUrl` is passed separately because the
 * run supplies the embedded reference's URL when the configuration names no target. */
export function clientOptionsFromConfig(
  config: TargetConfig,
  baseUrl: string,
  extra: Pick<ClientOptions, 'resolveOperation' | 'exchangeIdPrefix'> = {},
): ClientOptions {
  const { credentialId, credentialKeyPem, token, clientData } = config;
  return {
    baseUrl,
    ...(token === undefined ? {} : { token }),
    ...(credentialId === undefined || credentialKeyPem === undefined
      ? {}
      : { credential: { id: credentialId, privateKeyPem: credentialKeyPem } }),
    ...(clientData.origin === undefined && clientData.crossOrigin === undefined ? {} : { clientData }),
    connections: config.concurrency,
    requestTimeoutMs: config.timeouts.requestMs,
    connectTimeoutMs: config.timeouts.connectMs,
    maxResponseBytes: config.maxResponseBytes,
    ...extra,
  };
}
