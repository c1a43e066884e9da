import {
  loadConfigSources,
  requireSettings,
  resolveTargetConfig,
  type TargetConfig,
} from '../config/resolve-config.ts';
import { CONFIG_FILE_SETTINGS } from './run-settings.ts';
import type { TargetEndpoint } from './run.ts';

/**
 * The external target the settings name, or undefined when they name none (the embedded reference is
 * then started). A named target must come with a token and a credential: one ConfigError lists what is
 * missing.
 */
export function configuredTarget(config: TargetConfig): TargetEndpoint | undefined {
  const { baseUrl, token, credentialId, credentialKeyPem } = config;
  if (baseUrl === undefined) return undefined;
  requireSettings(config, ['token', 'credentialId', 'credentialKeyPem']);
  return {
    baseUrl,
    token: token ?? '',
    credentialId: credentialId ?? '',
    credentialKeyPem: credentialKeyPem ?? '',
  };
}

/**
 * The settings of a command that only works against a named target (`check`, `cleanup`): flags, environment
 * and config file, with the URL, token and credential all required (one ConfigError lists what is missing).
 */
export async function externalTargetConfig(
  flags: Readonly<Record<string, string | boolean | undefined>>,
): Promise<TargetConfig> {
  const config = await resolveTargetConfig(await loadConfigSources({ flags }, CONFIG_FILE_SETTINGS));
  requireSettings(config, ['baseUrl', 'token', 'credentialId', 'credentialKeyPem']);
  return config;
}
