import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import { startConnectProxy, type ConnectProxy } from '../helpers/connect-proxy.ts';
import { targetEnv } from '../helpers/reference-client.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * An operator's nightly job on a machine whose only way out is a proxy named in HTTP(S)_PROXY. The target is
 * named `target.test`, which only the proxy resolves (to the reference on loopback): a run that went direct
 * could not reach it at all.
 */

const PASSWORD = 'pr0xy-n1ghtly-pw';
const ARGS = ['run', '--suite', 'contract', '--grep', '^ListKeys'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let reference: ReferenceHandle;
let proxy: ConnectProxy;
let target: string;

/** The environment of a run whose proxy is `proxyUrl`, whatever proxy the machine running the tests has. */
function proxiedEnv(proxyUrl: string): Record<string, string> {
  return {
    ...targetEnv(reference),
    KEYS_API_URL: target,
    http_proxy: proxyUrl,
    HTTP_PROXY: proxyUrl,
    no_proxy: '',
    NO_PROXY: '',
  };
}

beforeAll(async () => {
  reference = await startReference({ quiet: true });
  proxy = await startConnectProxy({ credentials: `kc:${PASSWORD}` });
  target = `http://target.test:${new URL(reference.url).port}`;
});

afterAll(async () => {
  await proxy.close();
  await reference.close();
});

describe('run through the proxy HTTP_PROXY names', () => {
  let result: CliResult;
  let tunnelsBefore: number;

  beforeAll(async () => {
    tunnelsBefore = proxy.tunnels.length;
    result = await runCli(ARGS, { env: proxiedEnv(proxy.url.replace('http://', `http://kc:${PASSWORD}@`)) });
  });

  it('ListKeys tests pass against the target only the proxy reaches', () => {
    expect(result.stdout).toMatch(/^CONFORMANT: [1-9]\d* tests passed/m);
    expect(result.code).toBe(0);
  });

  it('opens every tunnel to the target', () => {
    const tunnels = proxy.tunnels.slice(tunnelsBefore);
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels)).toEqual(new Set([new URL(target).host]));
  });

  it('names the proxy in its first line, without the password', () => {
    expect(result.stderr).toContain(`${target} via proxy http://…@${new URL(proxy.url).host}`);
  });

  it('holds the proxy password in no output and no report file', () => {
    const leaks = files(result.reportsDir).filter((file) => readFileSync(file, 'latin1').includes(PASSWORD));
    if (`${result.stdout}${result.stderr}`.includes(PASSWORD)) leaks.push('stdout or stderr');
    expect(leaks).toEqual([]);
  });
});

describe('run through a proxy that wants credentials it was not given', () => {
  it('fails the run in one line that says so (exit 2)', async () => {
    const result = await runCli(ARGS, { env: proxiedEnv(proxy.url) });
    expect(result.code).toBe(2);
    expect(result.stdout.trim()).toBe(
      `RUN FAILED: target unreachable: GET ${target}/keys?limit=1 through the proxy ${proxy.url}: UND_ERR_ABORTED: Proxy response (407) !== 200 when HTTP Tunneling (the proxy wants credentials: put user:password in its URL, in KEYS_API_PROXY or HTTPS_PROXY) — ${join(result.reportsDir, 'summary.md')}`,
    );
  });
});
