import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { createClient } from '../../src/client/client.ts';
import { allKeys, targetEnv } from '../helpers/reference-client.ts';
import { runCli } from '../meta/run-cli.ts';

/**
 * `keys-conformance check`: an operator wiring a job against a target that still requires X-DFNS-APPID
 * sees the settings in effect and whether a run would get past its first calls, in seconds.
 */
describe('keys-conformance check', () => {
  const APP_ID = 'ap-check-1';
  let reference: ReferenceHandle;
  let env: Record<string, string>;

  beforeAll(async () => {
    reference = await startReference({ quiet: true, requireAppId: APP_ID });
    env = targetEnv(reference);
  });

  afterAll(async () => {
    await reference.close();
  });

  it('says READY (exit 0) once each step passes, showing the settings without their secrets', async () => {
    const headers = `X-DFNS-APPID: ${APP_ID}\nX-Gateway-Key: gw-check-s3cret`;
    const result = await runCli(['check'], { env: { ...env, KEYS_API_HEADERS: headers } });
    expect(result.code, result.stdout).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toContain(`  headers       x-dfns-appid: ${APP_ID}, x-gateway-key: (set)`);
    expect(lines.filter((line) => line.startsWith('  ✓ '))).toHaveLength(2);
    expect(lines.at(-1)).toBe(`READY: a run can reach and authenticate to ${reference.url}`);
    expect(`${result.stdout}${result.stderr}`).not.toContain('gw-check-s3cret');
    expect(`${result.stdout}${result.stderr}`).not.toContain(reference.token);
  });

  it('says NOT READY (exit 2) with what the target asked for when a header is missing', async () => {
    const result = await runCli(['check'], { env });
    expect(result.code).toBe(2);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(
      'NOT READY: the target refused the bearer token: GET /keys answered 401 ("Not Authorized: this target requires the header X-DFNS-APPID with its application id")',
    );
  });

  it('creates no key', async () => {
    const client = createClient({
      baseUrl: reference.url,
      token: reference.token,
      headers: { 'X-DFNS-APPID': APP_ID },
    });
    try {
      await runCli(['check'], { env: { ...env, KEYS_API_HEADERS: `X-DFNS-APPID: ${APP_ID}` } });
      const listed = await client.request({ method: 'GET', path: '/keys' });
      expect(listed.sent && listed.exchange.response?.status).toBe(200);
      expect(await allKeys(client)).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('says in its help that it needs a target', async () => {
    const result = await runCli(['check', '--help'], {});
    expect(result.stdout).toContain(
      'It needs a\ntarget: unlike run, it does not start the embedded reference.',
    );
    expect(result.stdout).not.toContain('the embedded reference runs');
  });

  it('needs a target: the embedded reference is not checked', async () => {
    const result = await runCli(['check'], {});
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'keys-conformance check: missing settings: baseUrl (--target, KEYS_API_URL or "baseUrl" in the config file); token (KEYS_API_TOKEN or "token" in the config file); credentialId (--credential-id, KEYS_API_CREDENTIAL_ID or "credentialId" in the config file); credentialKey (--credential-key, KEYS_API_CREDENTIAL_KEY or "credentialKey" in the config file)',
    );
  });
});
