import { describe, expect, it } from 'vitest';
import { transportOptionsFromConfig } from '../../src/client/client-options-from-config.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';

/**
 * Every client of a run (the run's own, each worker's, replay's, cleanup's) takes how to talk to the target
 * from this one mapping; settings that once reached only the run's own client reach them all through it.
 */
describe('transportOptionsFromConfig', () => {
  it('carries every transport setting, each as set', async () => {
    const config = await resolveConfig({
      cwd: '/nonexistent',
      env: { KEYS_API_CLIENT_DATA_CROSS_ORIGIN: 'false' },
      flags: {
        concurrency: '3',
        timeout: '1500',
        'connect-timeout': '700',
        'max-response-bytes': '4096',
        'rate-limit-retries': '0',
        'client-data-origin': 'https://app.example',
      },
    });
    expect(transportOptionsFromConfig(config)).toEqual({
      connections: 3,
      requestTimeoutMs: 1500,
      connectTimeoutMs: 700,
      maxResponseBytes: 4096,
      rateLimit: { retries: 0, maxWaitMs: 30_000 },
      clientData: { origin: 'https://app.example', crossOrigin: false },
    });
  });

  it('leaves clientData out when no setting asks for extra fields', async () => {
    const config = await resolveConfig({ cwd: '/nonexistent', env: {}, flags: {} });
    expect(transportOptionsFromConfig(config)).not.toHaveProperty('clientData');
  });
});

describe('--rate-limit-retries', () => {
  const retries = async (value: string): Promise<number> =>
    (await resolveConfig({ cwd: '/nonexistent', env: {}, flags: { 'rate-limit-retries': value } }))
      .rateLimitRetries;

  it.each([
    ['0', 0],
    ['10', 10],
  ])('takes %s', async (value, expected) => {
    expect(await retries(value)).toBe(expected);
  });

  it.each(['11', '-1', 'x', '1.5'])('refuses %s in one line naming the range', async (value) => {
    await expect(retries(value)).rejects.toThrow(
      `--rate-limit-retries: ${JSON.stringify(value)} is not a whole number of retries from 0 to 10`,
    );
  });
});
