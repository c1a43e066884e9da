import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
      `RUN FAILED: the target refused the bearer token: GET /keys answered 401 ("Not Authorized: this target requires the header X-DFNS-APPID with its application id") — ${join(result.reportsDir, 'summary.md')}`,
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

describe('run with a credential-looking header, against a target with findings to report', () => {
  const SECRET = 'gw-key-0f9e8d7c6b5a';
  let faulty: ReferenceHandle;

  beforeAll(async () => {
    faulty = await startReference({ quiet: true, faults: ['key-missing-custodial'] });
  });

  afterAll(async () => {
    await faulty.close();
  });

  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  }

  it('reports the findings with their exchanges, the header value in no file and no output', async () => {
    const result = await runCli(ARGS, {
      env: { ...targetEnv(faulty), KEYS_API_HEADERS: `X-Gateway-Key: ${SECRET}` },
    });
    expect(result.code).toBe(1);
    expect(
      result.report?.findings.some((f) => f.exchange?.request.headers['x-gateway-key'] !== undefined),
    ).toBe(true);
    const leaks = files(result.reportsDir).filter((file) => readFileSync(file, 'latin1').includes(SECRET));
    if (`${result.stdout}${result.stderr}`.includes(SECRET)) leaks.push('stdout or stderr');
    expect(leaks).toEqual([]);
  });
});
