import { requireSettings, type TargetConfig } from '../config/resolve-config.ts';
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
