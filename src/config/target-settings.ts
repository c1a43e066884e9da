import { DEFAULT_RATE_LIMIT } from '../client/rate-limit.ts';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_CONNECTIONS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../client/defaults.ts';
import {
  countOf,
  identifier,
  durationMs,
  nonEmptyText,
  parseBoolean,
  parseHttpUrl,
  positiveInteger,
  readCredentialKeyFile,
  secretText,
  type CredentialKeyFile,
} from './parsers.ts';
import { proxyLabel } from '../client/proxy-dispatcher.ts';
import { parseExtraHeaders } from './extra-headers.ts';
import { NO_PROXY_VALUE, parseProxyUrl } from './proxy.ts';
import { invalidSetting, type SettingLocation, type SettingSpec } from './setting.ts';

/**
 * The settings that say how to reach and authenticate to a target. The bearer token has no flag on
 * purpose: a command line is visible to every user of the machine (`ps`) and kept in shell history.
 */

export const TARGET_DEFAULTS = {
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  concurrency: DEFAULT_CONNECTIONS,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  rateLimitRetries: DEFAULT_RATE_LIMIT.retries,
} as const;

const ms = durationMs('ms');

export const baseUrlSetting: SettingSpec<string> = {
  key: 'baseUrl',
  flag: 'target',
  env: 'KEYS_API_URL',
  fileSchema: { type: 'string' },
  description: 'Base URL of the target, e.g. https://api.dfns.io',
  parse: parseHttpUrl,
};

export const tokenSetting: SettingSpec<string> = {
  key: 'token',
  env: 'KEYS_API_TOKEN',
  fileSchema: { type: 'string' },
  description: 'Bearer token (JWT) sent as Authorization on every call',
  parse: secretText('the token'),
};

export const credentialIdSetting: SettingSpec<string> = {
  key: 'credentialId',
  flag: 'credential-id',
  env: 'KEYS_API_CREDENTIAL_ID',
  fileSchema: { type: 'string' },
  description: 'Id of the Key credential that signs user actions (e.g. cr-...)',
  parse: identifier('a credential id'),
};

export const credentialKeySetting: SettingSpec<CredentialKeyFile> = {
  key: 'credentialKey',
  flag: 'credential-key',
  env: 'KEYS_API_CREDENTIAL_KEY',
  fileSchema: { type: 'string' },
  description:
    "Path to the credential's PKCS#8 PEM private key (P-256 or Ed25519); relative to the config file",
  parse: readCredentialKeyFile,
};

export const requestTimeoutSetting: SettingSpec<number> = {
  key: 'timeouts.requestMs',
  flag: 'timeout',
  env: 'KEYS_API_TIMEOUT_MS',
  fileSchema: { type: ['integer', 'string'] },
  description: `Deadline per request (connect, headers, body): ms, or with a unit (30s, 2m); default ${DEFAULT_REQUEST_TIMEOUT_MS}`,
  parse: ms,
};

export const connectTimeoutSetting: SettingSpec<number> = {
  key: 'timeouts.connectMs',
  flag: 'connect-timeout',
  env: 'KEYS_API_CONNECT_TIMEOUT_MS',
  fileSchema: { type: ['integer', 'string'] },
  description: `Deadline to open a connection: ms, or with a unit (10s); default ${DEFAULT_CONNECT_TIMEOUT_MS}`,
  parse: ms,
};

export const concurrencySetting: SettingSpec<number> = {
  key: 'concurrency',
  flag: 'concurrency',
  env: 'KEYS_API_CONCURRENCY',
  fileSchema: { type: 'integer' },
  description: `Connections kept open to the target; default ${DEFAULT_CONNECTIONS}`,
  parse: positiveInteger('connections', 1024),
};

export const maxResponseBytesSetting: SettingSpec<number> = {
  key: 'maxResponseBytes',
  flag: 'max-response-bytes',
  env: 'KEYS_API_MAX_RESPONSE_BYTES',
  fileSchema: { type: 'integer' },
  description: `Response bodies above this size end as failure too-large; default ${DEFAULT_MAX_RESPONSE_BYTES}`,
  parse: positiveInteger('bytes', Number.MAX_SAFE_INTEGER),
};

export const rateLimitRetriesSetting: SettingSpec<number> = {
  key: 'rateLimit.retries',
  flag: 'rate-limit-retries',
  env: 'KEYS_API_RATE_LIMIT_RETRIES',
  fileSchema: { type: 'integer', minimum: 0 },
  description: `Times a request answered 429 with Retry-After is sent again (waits capped at ${DEFAULT_RATE_LIMIT.maxWaitMs / 1000} s); 0 reports the 429; default ${DEFAULT_RATE_LIMIT.retries}`,
  parse: countOf('retries', 10),
};

export const clientDataOriginSetting: SettingSpec<string> = {
  key: 'userAction.clientDataOrigin',
  flag: 'client-data-origin',
  env: 'KEYS_API_CLIENT_DATA_ORIGIN',
  fileSchema: { type: 'string' },
  description: 'Adds "origin" to the signed clientData, for targets that want it (the Python SDK sends one)',
  parse: nonEmptyText('an origin, e.g. https://app.dfns.io'),
};

export const clientDataCrossOriginSetting: SettingSpec<boolean> = {
  key: 'userAction.clientDataCrossOrigin',
  env: 'KEYS_API_CLIENT_DATA_CROSS_ORIGIN',
  fileSchema: { type: 'boolean' },
  description: 'Adds "crossOrigin" to the signed clientData (the Java and Python SDKs send false)',
  parse: parseBoolean,
};

export const legacyNonceSetting: SettingSpec<boolean> = {
  key: 'legacyNonce',
  env: 'KEYS_API_LEGACY_NONCE',
  fileSchema: { type: 'boolean' },
  description:
    'Sends a fresh X-DFNS-NONCE on every request, for a target that still requires it (with X-DFNS-APPID in headers)',
  parse: parseBoolean,
};

/** `none`, or the proxy URL; a password on the command line would be visible to every user (`ps`). */
function parseProxySetting(raw: unknown, at: SettingLocation): string {
  const value = nonEmptyText('a proxy URL (http://host:port) or none')(raw, at).trim();
  if (value.toLowerCase() === NO_PROXY_VALUE) return NO_PROXY_VALUE;
  const url = parseProxyUrl(value, at);
  if (at.origin === 'flag' && url.includes('@')) {
    throw invalidSetting(
      at,
      proxyLabel(url),
      'carries user:password: set it in KEYS_API_PROXY or HTTPS_PROXY instead',
    );
  }
  return url;
}

export const proxySetting: SettingSpec<string> = {
  key: 'proxy',
  flag: 'proxy',
  env: 'KEYS_API_PROXY',
  fileSchema: { type: 'string' },
  description:
    'HTTP(S) proxy to reach the target through, or none; default: HTTPS_PROXY or HTTP_PROXY unless NO_PROXY names the target',
  parse: parseProxySetting,
};

export const headersSetting: SettingSpec<Readonly<Record<string, string>>> = {
  key: 'headers',
  flag: 'header',
  repeatable: true,
  env: 'KEYS_API_HEADERS',
  fileSchema: { type: 'object', additionalProperties: { type: 'string' } },
  description:
    'A header to send on every request, "Name: value" (repeatable), e.g. "X-DFNS-APPID: ap-…" for a target that still requires it; in the variable, one per line',
  parse: parseExtraHeaders,
};

export const TARGET_SETTINGS: readonly SettingSpec<unknown>[] = [
  baseUrlSetting,
  tokenSetting,
  credentialIdSetting,
  credentialKeySetting,
  requestTimeoutSetting,
  connectTimeoutSetting,
  concurrencySetting,
  maxResponseBytesSetting,
  rateLimitRetriesSetting,
  clientDataOriginSetting,
  clientDataCrossOriginSetting,
  proxySetting,
  headersSetting,
  legacyNonceSetting,
];
