import { ConfigError } from './config-error.ts';
import { loadConfigFile, locateConfigFile } from './config-file.ts';
import { configFileSchema } from './config-schema.ts';
import { proxyLabel } from '../client/proxy-dispatcher.ts';
import { describeHeaders } from './extra-headers.ts';
import { NO_PROXY_VALUE, proxyFromEnvironment, type ProxyChoice } from './proxy.ts';
import { quoteValue, secretLook } from './secret-looking.ts';
import { resolveSetting, type ConfigSources, type SettingOrigin, type SettingSpec } from './setting.ts';
import {
  baseUrlSetting,
  clientDataCrossOriginSetting,
  clientDataOriginSetting,
  concurrencySetting,
  connectTimeoutSetting,
  credentialIdSetting,
  credentialKeySetting,
  headersSetting,
  legacyNonceSetting,
  maxResponseBytesSetting,
  proxySetting,
  rateLimitRetriesSetting,
  requestTimeoutSetting,
  TARGET_DEFAULTS,
  TARGET_SETTINGS,
  tokenSetting,
} from './target-settings.ts';

/** How to reach and authenticate to the target under test. */
export interface TargetConfig {
  /** Absent: no target given, the run starts the embedded reference. */
  readonly baseUrl?: string;
  /** Secret. */
  readonly token?: string;
  readonly credentialId?: string;
  /** The PEM text read from `credentialKeyPath`. Secret. */
  readonly credentialKeyPem?: string;
  readonly credentialKeyPath?: string;
  readonly timeouts: { readonly requestMs: number; readonly connectMs: number };
  readonly concurrency: number;
  readonly maxResponseBytes: number;
  /** Times a 429 with Retry-After is honoured before it is returned (src/client/rate-limit.ts). */
  readonly rateLimitRetries: number;
  /** Extra clientData fields for user-action signing (keys-api.md §5.2, [I] which a target wants). */
  readonly clientData: { readonly origin?: string; readonly crossOrigin?: boolean };
  /** The proxy to the target (a secret when it carries user:password); absent: direct. */
  readonly proxy?: ProxyChoice & { readonly origin: Exclude<SettingOrigin, 'default'> };
  /** Sent on every request (lower-case names); values of credential-looking names are secrets. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Send a fresh legacy X-DFNS-NONCE on every request. */
  readonly legacyNonce?: boolean;
  /** The config file read, if any. */
  readonly configFile?: string;
  /** Where each setting came from, by setting key (e.g. `timeouts.requestMs: 'env'`). */
  readonly origins: Readonly<Record<string, SettingOrigin>>;
}

export interface ConfigInput {
  /** Parsed flags by long name (e.g. from `node:util` parseArgs with `configFlagOptions`). */
  readonly flags?: Readonly<Record<string, string | boolean | undefined>>;
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to process.cwd(). */
  readonly cwd?: string;
  /** A config file path given by the program; `--config` in flags wins over it. */
  readonly configFile?: string;
}

/**
 * Gathers flags, environment and the config file (validated against the schema of `specs`), once
 * per run, for every resolver that needs them: pass all settings the run knows, so the file may
 * hold any of them and nothing else.
 */
export async function loadConfigSources(
  input: ConfigInput,
  specs: readonly SettingSpec<unknown>[],
): Promise<ConfigSources> {
  const flags = input.flags ?? {};
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const flagConfig = flags.config;
  if (flagConfig === true || flagConfig === false || flagConfig === '') {
    throw new ConfigError('--config: needs a value: a path to a .json or .yaml config file');
  }
  const explicit =
    flagConfig !== undefined
      ? { path: flagConfig, chosenBy: '--config' }
      : input.configFile !== undefined
        ? { path: input.configFile, chosenBy: 'config file' }
        : undefined;
  const location = await locateConfigFile(cwd, explicit);
  const file = location === undefined ? undefined : await loadConfigFile(location, configFileSchema(specs));
  return { flags, env, cwd, ...(file === undefined ? {} : { file }) };
}

/** Resolves the target settings from gathered sources (flags > environment > file > default). */
export async function resolveTargetConfig(sources: ConfigSources): Promise<TargetConfig> {
  const origins: Record<string, SettingOrigin> = {};
  async function get<T>(spec: SettingSpec<T>): Promise<T | undefined> {
    const resolved = await resolveSetting(spec, sources);
    if (resolved !== undefined) origins[spec.key] = resolved.origin;
    return resolved?.value;
  }
  async function getOr<T>(spec: SettingSpec<T>, fallback: T): Promise<T> {
    const value = await get(spec);
    if (value !== undefined) return value;
    origins[spec.key] = 'default';
    return fallback;
  }

  const baseUrl = await get(baseUrlSetting);
  const token = await get(tokenSetting);
  const credentialId = await get(credentialIdSetting);
  const credentialKey = await get(credentialKeySetting);
  if ((credentialId === undefined) !== (credentialKey === undefined)) {
    const missing = credentialId === undefined ? credentialIdSetting : credentialKeySetting;
    const present = credentialId === undefined ? credentialKeySetting : credentialIdSetting;
    throw new ConfigError(
      `${present.key} is set (${origins[present.key] ?? 'unknown'}) but ${missing.key} is not; set both or neither (${whereToSet(missing)})`,
      missing.key,
    );
  }
  const origin = await get(clientDataOriginSetting);
  const crossOrigin = await get(clientDataCrossOriginSetting);
  const headers = await get(headersSetting);
  const legacyNonce = await get(legacyNonceSetting);
  const proxy = await targetProxy(baseUrl, sources);
  if (proxy !== undefined) origins[proxySetting.key] = proxy.origin;
  return {
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(token === undefined ? {} : { token }),
    ...(credentialId === undefined ? {} : { credentialId }),
    ...(credentialKey === undefined
      ? {}
      : { credentialKeyPem: credentialKey.pem, credentialKeyPath: credentialKey.path }),
    timeouts: {
      requestMs: await getOr(requestTimeoutSetting, TARGET_DEFAULTS.requestTimeoutMs),
      connectMs: await getOr(connectTimeoutSetting, TARGET_DEFAULTS.connectTimeoutMs),
    },
    concurrency: await getOr(concurrencySetting, TARGET_DEFAULTS.concurrency),
    maxResponseBytes: await getOr(maxResponseBytesSetting, TARGET_DEFAULTS.maxResponseBytes),
    rateLimitRetries: await getOr(rateLimitRetriesSetting, TARGET_DEFAULTS.rateLimitRetries),
    clientData: {
      ...(origin === undefined ? {} : { origin }),
      ...(crossOrigin === undefined ? {} : { crossOrigin }),
    },
    ...(proxy === undefined ? {} : { proxy }),
    ...(headers === undefined ? {} : { headers }),
    ...(legacyNonce === undefined ? {} : { legacyNonce }),
    ...(sources.file === undefined ? {} : { configFile: sources.file.label }),
    origins,
  };
}

/** `--proxy` (or its variable or file key) when given, else the environment's proxy for the target. */
async function targetProxy(
  baseUrl: string | undefined,
  sources: ConfigSources,
): Promise<TargetConfig['proxy']> {
  const explicit = await resolveSetting(proxySetting, sources);
  if (explicit !== undefined) {
    if (explicit.value === NO_PROXY_VALUE) return undefined;
    return { url: explicit.value, from: explicit.label, origin: explicit.origin };
  }
  // Without a target the run serves the embedded reference on loopback, which no proxy reaches.
  const fromEnvironment =
    baseUrl === undefined ? undefined : proxyFromEnvironment(new URL(baseUrl), sources.env);
  return fromEnvironment === undefined ? undefined : { ...fromEnvironment, origin: 'env' };
}

/** flags > environment > config file (`keys-conformance.config.json|yaml` in the cwd, or `--config`). */
export async function resolveConfig(input: ConfigInput = {}): Promise<TargetConfig> {
  return resolveTargetConfig(await loadConfigSources(input, TARGET_SETTINGS));
}

/** `--credential-id, KEYS_API_CREDENTIAL_ID or "credentialId" in the config file`. */
export function whereToSet(spec: SettingSpec<unknown>): string {
  const places = [
    ...(spec.flag === undefined ? [] : [`--${spec.flag}`]),
    ...(spec.env === undefined ? [] : [spec.env]),
    ...(spec.fileSchema === undefined ? [] : [`"${spec.key}" in the config file`]),
  ];
  return places.length <= 1
    ? (places[0] ?? 'nowhere')
    : `${places.slice(0, -1).join(', ')} or ${places.at(-1) ?? ''}`;
}

const REQUIRABLE = {
  baseUrl: baseUrlSetting,
  token: tokenSetting,
  credentialId: credentialIdSetting,
  credentialKeyPem: credentialKeySetting,
} as const;

/** Throws one ConfigError naming every missing setting and where to set it, e.g. before a run
 * against an external target, which needs a token and a credential. */
export function requireSettings(config: TargetConfig, names: readonly (keyof typeof REQUIRABLE)[]): void {
  const missing = names.filter((name) => config[name] === undefined);
  if (missing.length === 0) return;
  const described = missing.map((name) => `${REQUIRABLE[name].key} (${whereToSet(REQUIRABLE[name])})`);
  throw new ConfigError(
    `missing setting${missing.length > 1 ? 's' : ''}: ${described.join('; ')}`,
    REQUIRABLE[missing[0]!].key,
  );
}

/**
 * The configuration as `keys-conformance check` prints it, one row per setting: secrets as set or unset
 * (the proxy without its password, credential-looking headers as set, a credential id that looks like a
 * token by its start and length: a token pasted there is still a token), and where each came from.
 */
export function describeConfig(config: TargetConfig): readonly (readonly [string, string])[] {
  const from = (key: string): string => {
    const origin = config.origins[key];
    return origin === undefined || origin === 'default' ? '' : ` (${origin})`;
  };
  const headers = config.headers === undefined ? [] : Object.entries(describeHeaders(config.headers));
  return [
    ['target', config.baseUrl ?? 'the embedded reference'],
    ['token', config.token === undefined ? 'unset' : `set${from('token')}`],
    [
      'credential',
      config.credentialId === undefined
        ? 'unset'
        : `${secretLook(config.credentialId) === undefined ? config.credentialId : quoteValue(config.credentialId)}, key ${config.credentialKeyPath ?? '(given inline)'}`,
    ],
    ['proxy', config.proxy === undefined ? 'none' : `${proxyLabel(config.proxy.url)} (${config.proxy.from})`],
    [
      'headers',
      headers.length === 0 ? 'none' : headers.map(([name, value]) => `${name}: ${value}`).join(', '),
    ],
    ['legacy nonce', config.legacyNonce === true ? 'sent' : 'not sent'],
    ['timeouts', `request ${config.timeouts.requestMs} ms, connect ${config.timeouts.connectMs} ms`],
    ['connections', String(config.concurrency)],
    ['429 retries', String(config.rateLimitRetries)],
    ['config file', config.configFile ?? 'none'],
  ];
}
