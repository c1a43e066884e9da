import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { configuredTarget } from '../../src/run/configured-target.ts';
import { generateCredential } from '../../src/crypto/credential.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function resolveWith(env: Record<string, string>): ReturnType<typeof resolveConfig> {
  return resolveConfig({ env, flags: {}, cwd: tmpdir() });
}

describe('configuredTarget', () => {
  it('names no target when no base URL is set (the embedded reference runs)', async () => {
    expect(configuredTarget(await resolveWith({}))).toBeUndefined();
  });

  it('refuses a base URL without a token and a credential, naming what is missing', async () => {
    const config = await resolveWith({ KEYS_API_URL: 'https://keys.example' });
    expect(() => configuredTarget(config)).toThrow(
      /^missing settings: token .*credentialId .*credentialKey /,
    );
  });

  it('returns the target with its token and credential when all are set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kc-target-'));
    try {
      const keyFile = join(dir, 'credential.pem');
      const pem = generateCredential('p256').privateKeyPem;
      await writeFile(keyFile, pem, { mode: 0o600 });
      const config = await resolveWith({
        KEYS_API_URL: 'https://keys.example',
        KEYS_API_TOKEN: 'token-value',
        KEYS_API_CREDENTIAL_ID: 'cr-1',
        KEYS_API_CREDENTIAL_KEY: keyFile,
      });
      const target = configuredTarget(config);
      // Compared, not shown: a failing assertion must not print the key.
      expect({ ...target, credentialKeyPem: target?.credentialKeyPem === pem }).toEqual({
        baseUrl: 'https://keys.example',
        token: 'token-value',
        credentialId: 'cr-1',
        credentialKeyPem: true,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
