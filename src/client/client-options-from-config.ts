import type { TargetConfig } from '../config/resolve-config.ts';
import type { ClientOptions } from './client.ts';
import { DEFAULT_RATE_LIMIT } from './rate-limit.ts';

/**
 * What the settings say about how to talk to the target, the same for every client of a run (the run's
 * own and each worker's). Plain data: it crosses to the workers with the run's context.
 */
export type TransportOptions = Pick<
  ClientOptions,
  | 'connections'
  | 'requestTimeoutMs'
  | 'connectTimeoutMs'
  | 'maxResponseBytes'
  | 'rateLimit'
  | 'clientData'
  | 'proxy'
  | 'headers'
  | 'legacyNonce'
>;

export function transportOptionsFromConfig(config: TargetConfig): TransportOptions {
  const { clientData } = config;
  return {
    ...(clientData.origin === undefined && clientData.crossOrigin === undefined ? {} : { clientData }),
    connections: config.concurrency,
    requestTimeoutMs: config.timeouts.requestMs,
    connectTimeoutMs: config.timeouts.connectMs,
    maxResponseBytes: config.maxResponseBytes,
    rateLimit: { ...DEFAULT_RATE_LIMIT, retries: config.rateLimitRetries },
    ...(config.proxy === undefined ? {} : { proxy: config.proxy.url }),
    ...(config.headers === undefined ? {} : { headers: config.headers }),
    ...(config.legacyNonce === true ? { legacyNonce: true } : {}),
  };
}

/** The client options a resolved configuration implies; `baseUrl` is passed separately because the
 * run supplies the embedded reference's URL when the configuration names no target. */
export function clientOptionsFromConfig(
  config: TargetConfig,
  baseUrl: string,
  extra: Pick<ClientOptions, 'resolveOperation' | 'exchangeIdPrefix'> = {},
): ClientOptions {
  const { credentialId, credentialKeyPem, token } = config;
  return {
    baseUrl,
    ...(token === undefined ? {} : { token }),
    ...(credentialId === undefined || credentialKeyPem === undefined
      ? {}
      : { credential: { id: credentialId, privateKeyPem: credentialKeyPem } }),
    ...transportOptionsFromConfig(config),
    ...extra,
  };
}
