import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReference, type ReferenceHandle } from '../../reference/index.ts';
import type { Client } from '../../src/client/client.ts';
import { loadKnownKeys } from '../../fixtures/known-keys.ts';
import { loadContract } from '../../src/contract/index.ts';
import { operationOfTest } from '../../src/run/test-operation.ts';
import { allKeys, referenceClient, targetEnv } from '../helpers/reference-client.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';
import { runCli, type CliResult } from './run-cli.ts';

/**
 * The run as a user meets it (issue 4's acceptance): against the clean reference, a verdict of
 * conformance that exercised every operation; against a target that is down, hangs or answers garbage,
 * a clear one-line reason and no hang; keys that existed before a run untouched after it; and no
 * secret in any report file.
 */

function expectNoStackTrace(result: CliResult): void {
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * The whole runs of this file, started together by its first hook (runCli keeps two going at a time), each
 * awaited by its own block: one after the other they took two minutes of a ten-minute CI.
 */
const starters: (() => Promise<unknown>)[] = [];
function startedEarly<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  const once = (): Promise<T> => (started ??= start());
  starters.push(once);
  return once;
}

beforeAll(() => {
  // The block that awaits a run sees its failure; here it must not become an unhandled rejection.
  for (const start of starters) start().catch(() => undefined);
});

// With -t, a block that would await its run may be skipped: the run must still end before the file's
// scratch folders go, or it writes its reports into a folder made again after the cleanup.
afterAll(async () => {
  await Promise.allSettled(starters.map((start) => start()));
});

describe('a full run against the clean reference', () => {
  let result: CliResult;
  const fullRun = startedEarly(() =>
    runCli(['run', '--seed', '1', '--progress-interval', '2s'], { timeoutMs: 300_000 }),
  );
  beforeAll(async () => {
    result = await fullRun();
  }, 310_000);

  it('exits 0 with zero findings', () => {
    expect({ code: result.code, findings: result.report?.findings ?? 'no report' }).toEqual({
      code: 0,
      findings: [],
    });
  });

  it('says what is running when a suite file keeps it silent for --progress-interval', () => {
    // The fuzz and stateful files take longer than 2 s each, so at least one heartbeat names a file,
    // how far it got and the test under way.
    expect(result.stderr).toMatch(/^ {2}… \d+s: \d+ tests? done(?: \(\d+ failed\))?; running:$/m);
    expect(result.stderr).toMatch(/^ {6}suites\/[a-z/-]+\.test\.ts: \d+ of \d+ done, now ".+" for \d+s$/m);
  });

  it('exercises every operation of the contract', () => {
    expect(result.report?.unexercised).toEqual([]);
  });

  it('finds no operation unimplemented: every one answered some call with success', () => {
    expect(result.report === undefined ? 'no report' : (result.report.unrouted ?? [])).toEqual([]);
  });

  it('names in every test title the operation the test is about (findings and Allure are grouped by it)', () => {
    const operations = new Set(loadContract().operations.map((o) => o.operationId));
    // The stateful test drives every mutating operation at once: it is about the lifecycle, not one of them.
    const unnamed = (result.report?.tests ?? [])
      .map((t) => t.name)
      .filter((name) => !name.startsWith('Key lifecycle: '))
      .filter((name) => !operations.has(operationOfTest(name, []) ?? ''));
    expect(result.report?.tests.length).toBeGreaterThan(200);
    expect(unnamed).toEqual([]);
  });

  it('leaves no empty row in the summary matrix', () => {
    const summary = readFileSync(join(result.reportsDir, 'summary.md'), 'utf8');
    const rows = summary.split('\n').filter((line) => /^\| [A-Z]\w+ \|/.test(line));
    expect(rows.length).toBeGreaterThanOrEqual(15);
    expect(
      rows.filter((row) =>
        row
          .split('|')
          .slice(2, -1)
          .every((cell) => cell.trim() === '·'),
      ),
    ).toEqual([]);
  });

  it('writes junit.xml, allure-results and summary.md beside findings.json', () => {
    const names = readdirSync(result.reportsDir);
    expect(names).toEqual(
      expect.arrayContaining(['findings.json', 'summary.md', 'junit.xml', 'allure-results']),
    );
  });
});

describe('a target that cannot be tested', () => {
  const servers: Server[] = [];
  const references: ReferenceHandle[] = [];
  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    for (const server of servers) server.close();
    await Promise.all(references.map((reference) => reference.close()));
  });

  const credentials = async (url: string): Promise<Record<string, string>> => {
    const reference = await startReference({ quiet: true });
    // The key file must outlive the reference that wrote it: the reference stays open until the end. (An
    // afterAll registered from inside a test is never run: these were never closed.)
    references.push(reference);
    return { ...targetEnv(reference), KEYS_API_URL: url };
  };

  it('down: exits 2 naming the unreachable target', async () => {
    const { server, url } = await listen(() => undefined);
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    const result = await runCli(['run'], { env: await credentials(url) });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^RUN FAILED: target unreachable: GET http:\/\/127\.0\.0\.1:\d+\/keys\?limit=1: .*ECONNREFUSED/m,
    );
    expectNoStackTrace(result);
  });

  it("down: writes findings.json, summary.md and a junit.xml in error, in place of an earlier run's", async () => {
    const { server, url } = await listen(() => undefined);
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    const reportsDir = scratchDir('kc-meta-');
    const earlier = '<testsuites name="keys-conformance" tests="292" failures="0" errors="0"></testsuites>';
    writeFileSync(join(reportsDir, 'junit.xml'), earlier);
    mkdirSync(join(reportsDir, 'allure-results'));
    writeFileSync(join(reportsDir, 'allure-results', 'earlier-result.json'), '{}');
    const result = await runCli(['run'], { env: await credentials(url), reportsDir });
    expect(result.code).toBe(2);
    expect(result.report?.verdict).toBe('run-failed');
    expect(result.report?.reason).toMatch(/^target unreachable: GET .+ECONNREFUSED/);
    expect(result.stdout).toContain(`— ${join(reportsDir, 'summary.md')}`);
    expect(readFileSync(join(reportsDir, 'summary.md'), 'utf8')).toContain('target unreachable');
    const junit = readFileSync(join(reportsDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<testcase classname="keys-conformance" name="preflight"[^>]*>\s*<error message="target unreachable: GET /,
    );
    expect(existsSync(join(reportsDir, 'allure-results'))).toBe(false);
  });

  it('hanging: exits 2 after the request timeout instead of waiting forever', async () => {
    const { server, url } = await listen(() => undefined);
    servers.push(server);
    const result = await runCli(['run', '--timeout', '1000'], {
      env: await credentials(url),
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^RUN FAILED: target unreachable: GET .+: no complete response within 1000 ms — \S+summary\.md$/m,
    );
    expectNoStackTrace(result);
  });

  it('answering garbage: exits 2 with the step that failed', async () => {
    const { server, url } = await listen((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>It works!</body></html>');
    });
    servers.push(server);
    const result = await runCli(['run'], { env: await credentials(url) });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^RUN FAILED: user-action signing failed at init: .+/m);
    expectNoStackTrace(result);
  });

  it('given a bad setting: exits 2 naming the setting', async () => {
    const result = await runCli(['run', '--timeout', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'keys-conformance run: --timeout: "soon" is not a duration (milliseconds, or with a unit: 500ms, 90s, 2m) of at most 2147483647 ms',
    );
  });

  it('with a --grep that matches no test: exits 2 saying no test ran (a gate must not pass on nothing)', async () => {
    const result = await runCli(['run', '--suite', 'contract', '--grep', 'no-test-is-named-this']);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(
      /^RUN FAILED: no test ran \(suites: contract; --grep "no-test-is-named-this"\) — /m,
    );
    expect(result.report?.verdict).toBe('run-failed');
  });
});

describe('a run against a target that paces it: 1 request in 5 answered 429 with Retry-After', () => {
  const references: ReferenceHandle[] = [];
  let paced: CliResult;
  let unpaced: CliResult;
  let rateLimited: number;
  // A fixed seed and a fresh reference each: the count of requests, hence which ones are paced, repeats.
  const ARGS = ['run', '--suite', 'contract,fuzz/parameters', '--seed', '1'];

  const pacedRun = async (extra: readonly string[]): Promise<{ result: CliResult; rateLimited: number }> => {
    const reference = await startReference({ quiet: true, rateLimitEvery: 5 });
    references.push(reference);
    const result = await runCli([...ARGS, ...extra], { env: targetEnv(reference) });
    return { result, rateLimited: reference.rateLimited() };
  };
  // Retry-After: 0 sends a paced call again at once, where it meets the same 1-in-5 odds: 3 retries run out
  // for about 1 call in 600 (the run then fails as throttled, the next describe), 10 for 1 in 50 million.
  const runs = startedEarly(() =>
    Promise.all([pacedRun(['--rate-limit-retries', '10']), pacedRun(['--rate-limit-retries', '0'])]),
  );

  beforeAll(async () => {
    const [first, second] = await runs();
    [paced, rateLimited, unpaced] = [first.result, first.rateLimited, second.result];
  }, 250_000);

  afterAll(async () => {
    await Promise.all(references.map((reference) => reference.close()));
  });

  it('records the seed it was given in findings.json and on its first line', () => {
    expect(paced.report?.run.seed).toBe(1);
    expect(paced.stderr).toMatch(/^keys-conformance run \S+: .*, seed 1\b/m);
  });

  it('is paced: the target answered 429 during the run', () => {
    expect(rateLimited).toBeGreaterThan(0);
  });

  it('honours Retry-After and reports nothing: exits 0 with zero findings', () => {
    expect([paced.code, paced.report?.findings.length], paced.stdout).toEqual([0, 0]);
  });

  it('with --rate-limit-retries 0 the 429s are answers: the same run is nonconformant', () => {
    expect([unpaced.code, unpaced.report?.verdict], unpaced.stdout).toEqual([1, 'nonconformant']);
    expect(unpaced.report?.findings.some((f) => f.message.includes('answered 429'))).toBe(true);
  });
});

describe('a run against a target that paces it past the retries: 1 request in 3 answered 429', () => {
  let reference: ReferenceHandle;
  let result: CliResult;

  // Each user action takes three calls, so one of them is paced every time and signing runs out of retries.
  const run = startedEarly(async () => {
    reference = await startReference({ quiet: true, rateLimitEvery: 3 });
    result = await runCli(['run', '--suite', 'fuzz/bodies', '--runs', '20', '--seed', '1'], {
      env: targetEnv(reference),
    });
  });

  beforeAll(async () => {
    await run();
  }, 130_000);

  afterAll(async () => {
    await reference.close();
  });

  it('blames the target for nothing: no finding', () => {
    expect(result.report?.findings.map((f) => `${f.checkId}: ${f.message}`)).toEqual([]);
  });

  it('fails the run (exit 2), saying the target throttled it and what to change', () => {
    expect([result.code, result.report?.verdict]).toEqual([2, 'run-failed']);
    expect(result.stdout).toMatch(
      /^RUN FAILED: the target throttled the run: \d+ calls? still answered 429 .* lower --workers/m,
    );
  });

  it('records the tests a 429 stopped as not tested, with the reason', () => {
    const stopped = (result.report?.tests ?? []).filter((t) => t.state === 'skipped');
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.every((t) => t.note?.startsWith('not tested: the target still answered 429'))).toBe(true);
  });
});

describe('a run against a reference that already holds keys', () => {
  let reference: ReferenceHandle;
  let client: Client;
  let result: CliResult;
  const before = new Map<string, unknown>();

  const run = startedEarly(async () => {
    reference = await startReference({ quiet: true });
    client = referenceClient(reference);
    const create = async (body: object): Promise<string> => {
      const result = await client.request({ method: 'POST', path: '/keys', body });
      const value = result.sent ? result.exchange.response?.parsed?.value : undefined;
      return String((value as { id?: unknown } | undefined)?.id);
    };
    const active = await create({ scheme: 'ECDSA', curve: 'secp256k1', name: 'operator key' });
    const archived = await create({ scheme: 'EdDSA', curve: 'ed25519', name: 'retired key' });
    await client.request({ method: 'DELETE', path: '/keys/{keyId}', pathParams: { keyId: archived } });
    for (const keyId of [active, archived]) before.set(keyId, await read(keyId));
    result = await runCli(['run', '--suite', 'contract,auth,idempotency,negative'], {
      env: targetEnv(reference),
      timeoutMs: 240_000,
    });
  });

  beforeAll(run, 250_000);

  afterAll(async () => {
    await client.close();
    await reference.close();
  });

  async function read(keyId: string): Promise<unknown> {
    const result = await client.request({ method: 'GET', path: '/keys/{keyId}', pathParams: { keyId } });
    return result.sent ? result.exchange.response?.parsed?.value : undefined;
  }

  it('the run itself succeeds', () => {
    expect(result.code).toBe(0);
  });

  it('leaves the keys that existed before exactly as they were', async () => {
    for (const [keyId, snapshot] of before) expect(await read(keyId)).toEqual(snapshot);
  });

  it('leaves no key it created Active', async () => {
    const created = (await allKeys(client)).filter((key) => !before.has(String(key.id)));
    expect(created.length).toBeGreaterThan(10);
    expect(created.filter((key) => key.status === 'Active').map((key) => key.id)).toEqual([]);
  });
});

describe('the reports of a run with findings', () => {
  let reference: ReferenceHandle;
  let result: CliResult;

  const run = startedEarly(async () => {
    reference = await startReference({
      quiet: true,
      faults: ['key-id-underscore', 'ecdsa-high-s', 'error-body-top-level-message'],
    });
    result = await runCli(['run'], { env: targetEnv(reference), timeoutMs: 300_000 });
  });

  beforeAll(run, 310_000);

  afterAll(() => reference.close());

  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
  }

  it('has findings to show (so the scan below scans evidence)', () => {
    expect(result.code).toBe(1);
    expect(result.report?.findings.some((f) => f.exchange !== undefined)).toBe(true);
  });

  it('holds no bearer token, credential key or known private key in any file', () => {
    const pem = reference.credential.privateKeyPem;
    const pemBody = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    const secrets = [
      ['bearer token', reference.token],
      ['credential key (PEM body)', pemBody],
      ...pem
        .split('\n')
        .filter((line) => line.length > 20 && !line.startsWith('-----'))
        .map((line) => ['credential key (PEM line)', line] as const),
      ...loadKnownKeys().flatMap((key) =>
        [key.secret, key.seed]
          .filter((s): s is string => s !== undefined)
          .map((s) => [`private key ${key.id}`, s] as const),
      ),
    ] as const;
    const leaks: string[] = [];
    for (const file of files(result.reportsDir)) {
      const text = readFileSync(file, 'latin1');
      for (const [what, secret] of secrets) {
        if (text.includes(secret) || text.toLowerCase().includes(secret.toLowerCase()))
          leaks.push(`${what} in ${file}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
