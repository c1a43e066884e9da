import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { targetEnv } from '../helpers/reference-client.ts';
import { runCli } from './run-cli.ts';

/**
 * A target that still requires X-DFNS-APPID, as deployments of 2023–2024 did (keys-api.md §1.3 marks whether
 * any still does [I]): the run cannot know, so the header is configuration, and a run without it says what
 * the target asked for.
 */

const APP_ID = 'ap-legacy-1';
const ARGS = ['run', '--suite', 'contract', '--grep', '^ListKeys'];
let reference: ReferenceHandle;

beforeAll(async () => {
  reference = await startReference({ quiet: true, requireAppId: APP_ID });
});

afterAll(async () => {
  await reference.close();
});

describe('run against a target requiring X-DFNS-APPID', () => {
  it('fails without the header, quoting what the target asked for (exit 2)', async () => {
    const result = await runCli(ARGS, { env: targetEnv(reference) });
    expect(result.code).toBe(2);
    expect(result.stdout.trim()).toBe(
      'RUN FAILED: the target refused the bearer token: GET /keys answered 401 ("Not Authorized: this target requires the header X-DFNS-APPID with its application id")',
    );
  });

  it('passes with the header in KEYS_API_HEADERS', async () => {
    const result = await runCli(ARGS, {
      env: { ...targetEnv(reference), KEYS_API_HEADERS: `X-DFNS-APPID: ${APP_ID}` },
    });
    expect(result.stdout).toMatch(/^CONFORMANT: [1-9]\d* tests passed/m);
    expect(result.code).toBe(0);
  });
});
