import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import type { TestContext } from 'vitest';
import type fc from 'fast-check';
import { loadContract } from '../src/contract/index.ts';
import { DEFAULT_CONNECTIONS } from '../src/client/defaults.ts';
import { createHarness, type Harness } from '../src/harness/harness.ts';
import { beginTest, endTest } from '../src/harness/recorder.ts';
import { BUILTIN_PROFILES, type TargetProfile } from '../src/run/profile.ts';
import { RUN_DEFAULTS } from '../src/run/run-settings.ts';
import { fuzzProperty, valueStream } from '../suites/fuzz/fuzz-property.ts';
import {
  prepareSubject,
  requestFuzzCase,
  validBodyRequests,
  validParameterRequests,
  type Generated,
  type Subject,
} from '../suites/fuzz/subjects.ts';
import { startReference } from '../reference/index.ts';

/**
 * Fuzzer throughput: how many generated requests per second the fuzz engine sends and validates
 * (generate with fast-check, send through the run's client, validate the answer against the contract with
 * the automatic checks, judge it), and whether the engine or the target is the bottleneck.
 *
 * 1. Against the reference, on a thread of its own as in a run (the CLI serves it while the suites run in
 *    workers): ListKeys with fuzzed query parameters (one HTTP call per input) beside autocannon's rate on
 *    ListKeys of the same reference, and CreateKey with fuzzed valid bodies (three calls per input:
 *    user-action challenge, signature, request).
 * 2. The same ListKeys loop against a trivial echo server (node:http in a worker thread, a fixed valid
 *    `{"items":[]}`), beside autocannon's rate on the same endpoint with as many connections: the ceiling
 *    of this machine's HTTP stack. The ratio says how close the engine comes to it. The loop runs once on
 *    one thread, and once on as many worker threads as a run has vitest workers by default: a run fuzzes
 *    that many properties at once (the fuzz suites are separate files).
 *
 * `node bin/run-ts.js bench/fuzz-throughput.ts [--seconds N] [--threads N]` (defaults: 10 s, and the
 * run's default --workers). A benchmark, not a test.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function numberFlag(name: string, fallback: number, valid: (n: number) => boolean, rule: string): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!valid(value)) {
    console.error(`fuzz-throughput: --${name} must be ${rule}`);
    process.exit(2);
  }
  return value;
}

const SECONDS = numberFlag('seconds', 10, (n) => Number.isFinite(n) && n > 0, 'a positive number');
const THREADS = numberFlag(
  'threads',
  RUN_DEFAULTS.workers,
  (n) => Number.isInteger(n) && n >= 1 && n <= 64,
  'an integer from 1 to 64',
);
// As many inputs in flight as the run's client keeps connections: more would only queue.
const CONCURRENCY = DEFAULT_CONNECTIONS;

/** Starting a thread or a server gets this long; a measure gets its seconds and this much more. */
const STARTUP_MS = 60_000;

/** `promise`, or a clear error once `ms` have passed: a stuck thread must not hang the bench. */
function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what}: nothing after ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  return Promise.race([promise, expired]).finally(() => {
    clearTimeout(timer);
  });
}

const contract = loadContract();
const profile: TargetProfile =
  BUILTIN_PROFILES.full ??
  (() => {
    throw new Error('no full profile');
  })();

interface Endpoint {
  readonly url: string;
  readonly token: string;
  readonly credential: { readonly id: string; readonly privateKeyPem: string };
}

function harnessFor(endpoint: Endpoint, ledgerDir: string): Harness {
  return createHarness({
    runId: 'bench',
    baseUrl: endpoint.url,
    token: endpoint.token,
    credentialId: endpoint.credential.id,
    credentialKeyPem: endpoint.credential.privateKeyPem,
    contractFile: contract.source,
    contractJson: JSON.stringify(contract.document),
    profileName: profile.name,
    profileJson: JSON.stringify(profile),
    ledgerFile: join(ledgerDir, 'ledger.jsonl'),
    transport: { requestTimeoutMs: 30_000 },
    fuzz: { runs: 10_000_000, seed: 1, timeBudgetMs: SECONDS * 1000, concurrency: CONCURRENCY },
  });
}

// prepareSubject skips a test through its context when the profile lacks something; ListKeys and CreateKey
// need nothing, so a context that fails loudly is enough here.
const NO_SKIP = {
  skip: (note?: string) => {
    throw new Error(`not applicable: ${note ?? ''}`);
  },
} as unknown as TestContext;

/** Inputs per second the fuzz engine judged, and how many findings it made (0 expected). */
async function fuzzRate(
  h: Harness,
  operationId: string,
  requests: (h: Harness, subject: Subject) => fc.Arbitrary<Generated>,
): Promise<{ rate: number; judged: number; findings: number }> {
  const subject = await prepareSubject(h, NO_SKIP, operationId);
  beginTest({ file: 'bench/fuzz-throughput.ts', name: operationId });
  const started = performance.now();
  const outcome = await fuzzProperty(requests(h, subject), requestFuzzCase(h), h.fuzz);
  const seconds = (performance.now() - started) / 1000;
  const meta = endTest();
  return { rate: outcome.judged / seconds, judged: outcome.judged, findings: meta.findings.length };
}

interface FuzzWorkerData {
  readonly role: 'fuzz-loop';
  readonly url: string;
  readonly credential: Endpoint['credential'];
}

interface ReferenceWorkerData {
  readonly role: 'reference';
}

/** In a worker thread: the embedded reference, until the main thread says close. */
async function referenceWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('referenceWorker runs in a worker thread');
  const reference = await startReference({ quiet: true });
  const closed = new Promise((resolve) => port.once('message', resolve));
  // The token and credential key are non-enumerable (out of logs), so they are copied by name.
  const endpoint: Endpoint = {
    url: reference.url,
    token: reference.token,
    credential: { id: reference.credential.id, privateKeyPem: reference.credential.privateKeyPem },
  };
  port.postMessage({ endpoint });
  await closed;
  await reference.close();
  port.close();
}

/** In a worker thread: the ListKeys loop against the echo server, started on the main thread's word. */
async function fuzzLoopWorker(data: FuzzWorkerData): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('fuzzLoopWorker runs in a worker thread');
  const ledgerDir = mkdtempSync(join(tmpdir(), 'kc-bench-'));
  const h = harnessFor({ url: data.url, token: 'bench', credential: data.credential }, ledgerDir);
  try {
    const go = new Promise((resolve) => port.once('message', resolve));
    port.postMessage({ ready: true });
    await go;
    const { judged } = await fuzzRate(h, 'ListKeys', validParameterRequests);
    port.postMessage({ judged });
  } finally {
    await h.client.close();
    rmSync(ledgerDir, { recursive: true, force: true });
  }
}

// The workers load this file through tsx, as bin/run-ts.js loads it in the main thread.
const WORKER_BOOT = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.entry); });
`;

function tsWorker(data: FuzzWorkerData | ReferenceWorkerData): Worker {
  return new Worker(WORKER_BOOT, {
    eval: true,
    workerData: { ...data, entry: import.meta.url },
    argv: ['--seconds', String(SECONDS)],
  });
}

/** The first message a starting worker posts (its endpoint, its port), or its error, within STARTUP_MS. */
function firstMessage<T>(worker: Worker, what: string): Promise<T> {
  return deadline(
    new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }),
    STARTUP_MS,
    what,
  );
}

/** The embedded reference on a worker thread: its endpoint, and how to stop it. */
async function startReferenceThread(): Promise<Endpoint & { readonly close: () => Promise<void> }> {
  const worker = tsWorker({ role: 'reference' });
  const { endpoint } = await firstMessage<{ endpoint: Endpoint }>(worker, 'starting the reference thread');
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      resolve();
    });
  });
  return {
    ...endpoint,
    close: async () => {
      worker.postMessage('close');
      await exited;
    },
  };
}

interface FuzzThread {
  readonly ready: Promise<void>;
  readonly judged: Promise<number>;
  readonly start: () => void;
}

function fuzzThread(url: string, credential: Endpoint['credential']): FuzzThread {
  const worker = tsWorker({ role: 'fuzz-loop', url, credential });
  const failed = new Promise<never>((_resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`fuzz worker exited with ${code} before reporting`));
    });
  });
  const message = (key: 'ready' | 'judged'): Promise<unknown> =>
    Promise.race([
      failed,
      new Promise((resolve) => {
        const listener = (value: Record<string, unknown>): void => {
          if (!(key in value)) return;
          worker.off('message', listener);
          resolve(value[key]);
        };
        worker.on('message', listener);
      }),
    ]);
  return {
    ready: deadline(message('ready'), STARTUP_MS, 'starting a fuzz thread').then(() => undefined),
    // Shrinking gets up to 10 s more when a loop finds something (fuzz-property.ts).
    judged: deadline(message('judged'), SECONDS * 1000 + STARTUP_MS, 'a fuzz thread').then(Number),
    start: () => {
      worker.postMessage('go');
    },
  };
}

/** Inputs per second of `count` fuzz loops at once, each on its own thread with its own client. */
async function threadedFuzzRate(
  url: string,
  credential: Endpoint['credential'],
  count: number,
): Promise<number> {
  const threads = Array.from({ length: count }, () => fuzzThread(url, credential));
  // Loading the modules takes a second or two per thread: the clock starts when every loop can.
  await Promise.all(threads.map((t) => t.ready));
  const started = performance.now();
  for (const thread of threads) thread.start();
  const judged = await Promise.all(threads.map((t) => t.judged));
  return judged.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
}

const ECHO_SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const body = Buffer.from('{"items":[]}');
const server = createServer({ keepAlive: true }, (request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

async function startEcho(): Promise<{ url: string; close: () => Promise<number> }> {
  const worker = new Worker(ECHO_SERVER, { eval: true });
  const port = await firstMessage<number>(worker, 'starting the echo server');
  return { url: `http://127.0.0.1:${port}`, close: () => worker.terminate() };
}

/** One GET through undici's dispatch API, the body collected as text: the floor under src/client. */
function dispatchText(pool: Pool, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pool.dispatch(
      { method: 'GET', path },
      {
        // undici takes a handler for its new API only when it has onRequestStart.
        onRequestStart: () => undefined,
        onResponseData: (_controller, chunk) => {
          chunks.push(chunk);
        },
        onResponseEnd: () => {
          resolve(Buffer.concat(chunks).toString('utf8'));
        },
        onResponseError: (_controller, error) => {
          reject(error);
        },
      },
    );
  });
}

/**
 * Values per second the engine draws from `requests`, sending nothing: fast-check's generation through the
 * same stream the sweep pulls from, one value at a time.
 */
async function generationRate(
  h: Harness,
  operationId: string,
  requests: (h: Harness, subject: Subject) => fc.Arbitrary<Generated>,
): Promise<number> {
  const subject = await prepareSubject(h, NO_SKIP, operationId);
  const stream = valueStream(requests(h, subject), 1, Number.MAX_SAFE_INTEGER);
  const started = performance.now();
  const end = started + SECONDS * 1000;
  let count = 0;
  while (performance.now() < end && (await stream.next()) !== undefined) count += 1;
  const seconds = (performance.now() - started) / 1000;
  await stream.stop();
  return count / seconds;
}

/** Requests per second of a loop that only sends one fixed request and reads the answer. */
async function loopRate(send: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  let count = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      await send();
      count += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - started) / 1000);
}

// autocannon's programmatic API in a child process of its own, as its CLI would run; the bearer token
// goes through the environment, never the command line (where ps would show it).
const AUTOCANNON = `
const autocannon = require('autocannon');
const { url, connections, duration } = JSON.parse(process.argv[1]);
const token = process.env.KC_BENCH_TOKEN;
const headers = token ? { authorization: 'Bearer ' + token } : {};
autocannon({ url, connections, duration, headers }, (error, result) => {
  if (error) { console.error(error.message); process.exit(1); }
  console.log(JSON.stringify({ total: result.requests.total, duration: result.duration, non2xx: result.non2xx }));
});
`;

/** autocannon's rate on one endpoint with as many connections as the fuzzer keeps inputs in flight. */
function autocannonRate(url: string, token?: string): number {
  const result = spawnSync(
    process.execPath,
    ['-e', AUTOCANNON, JSON.stringify({ url, connections: CONCURRENCY, duration: SECONDS })],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: SECONDS * 1000 + STARTUP_MS,
      env: { ...process.env, ...(token === undefined ? {} : { KC_BENCH_TOKEN: token }) },
    },
  );
  if (result.error !== undefined) throw new Error(`autocannon on ${url}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`autocannon failed: ${result.stderr.split('\n')[0] ?? ''}`);
  const report = JSON.parse(result.stdout) as { total: number; duration: number; non2xx: number };
  // A ceiling made of error answers would not be the rate of the endpoint the fuzzer calls.
  if (report.non2xx > 0) throw new Error(`autocannon got ${report.non2xx} non-2xx answers from ${url}`);
  return report.total / report.duration;
}

const fmt = (n: number): string => n.toFixed(0).padStart(7);

async function main(): Promise<void> {
  const ledgerDir = mkdtempSync(join(tmpdir(), 'kc-bench-'));
  const reference = await startReferenceThread();
  const echo = await startEcho();
  try {
    console.log(
      `fuzz throughput, ${SECONDS} s per measure, ${CONCURRENCY} inputs in flight (node ${process.version})`,
    );
    const onReference = harnessFor(reference, ledgerDir);
    const list = await fuzzRate(onReference, 'ListKeys', validParameterRequests);
    console.log(`${fmt(list.rate)} inputs/s  ListKeys fuzzed parameters, reference (1 call each)`);
    // Measured before CreateKey fills the reference with keys, so both see the same empty list.
    const referenceCeiling = autocannonRate(`${reference.url}/keys?limit=1`, reference.token);
    console.log(
      `${fmt(referenceCeiling)} req/s     autocannon, ListKeys on the same reference, ${CONCURRENCY} connections`,
    );
    const create = await fuzzRate(onReference, 'CreateKey', validBodyRequests);
    console.log(`${fmt(create.rate)} inputs/s  CreateKey fuzzed valid bodies, reference (3 calls each)`);
    await onReference.client.close();

    const onEcho = harnessFor({ url: echo.url, token: 'bench', credential: reference.credential }, ledgerDir);
    const echoed = await fuzzRate(onEcho, 'ListKeys', validParameterRequests);
    console.log(`${fmt(echoed.rate)} inputs/s  ListKeys fuzzed parameters, echo server`);
    const threads = THREADS;
    const threaded = await threadedFuzzRate(echo.url, reference.credential, threads);
    console.log(
      `${fmt(threaded)} inputs/s  the same on ${threads} threads at once (as a run with --workers ${threads}), echo server`,
    );
    const generation = await generationRate(onEcho, 'ListKeys', validParameterRequests);
    console.log(`${fmt(generation)} values/s  fast-check drawing the ListKeys inputs alone, nothing sent`);
    // Where the time goes between the fuzz loop and the ceiling: the run's client alone, its transport alone.
    const client = await loopRate(() =>
      onEcho.client.request({ method: 'GET', path: '/keys', query: { limit: 1 } }),
    );
    await onEcho.client.close();
    console.log(`${fmt(client)} req/s     the run's client alone, fixed request, echo server`);
    const pool = new Pool(echo.url, { connections: CONCURRENCY });
    const undici = await loopRate(() => dispatchText(pool, '/keys?limit=1'));
    await pool.close();
    console.log(`${fmt(undici)} req/s     undici's dispatch alone (the client's transport), fixed request`);
    const ceiling = autocannonRate(`${echo.url}/keys?limit=1`);
    console.log(
      `${fmt(ceiling)} req/s     autocannon, same echo endpoint, ${CONCURRENCY} connections (the ceiling)`,
    );
    const verdict = (ratio: number): string =>
      `${ratio.toFixed(2)} (${ratio >= 0.5 ? 'the fuzzer is not the bottleneck' : 'below the 0.5 aim'})`;
    console.log(
      `ratio fuzzer/ceiling: ${verdict(echoed.rate / ceiling)} on one thread, ${verdict(threaded / ceiling)} on ${threads} threads, on ${availableParallelism()} CPUs; fuzzer/run's client: ${(echoed.rate / client).toFixed(2)}`,
    );
    // Drawing an input and sending it through undici are both unavoidable: their costs added are the fastest
    // a one-thread fuzzer could go with no contract check, no judging and no bookkeeping at all.
    const floor = 1 / (1 / generation + 1 / undici);
    console.log(
      `bound on one thread: generation + undici alone, nothing validated: ${fmt(floor).trim()} inputs/s, ${(floor / ceiling).toFixed(2)} of the ceiling`,
    );
    console.log(
      `ratio against the reference: fuzzer/autocannon on ListKeys ${verdict(list.rate / referenceCeiling)}`,
    );
    const findings = list.findings + create.findings + echoed.findings;
    if (findings > 0) console.log(`note: ${findings} finding(s) were recorded; the rates include shrinking`);
  } finally {
    await echo.close();
    await reference.close();
    rmSync(ledgerDir, { recursive: true, force: true });
  }
}

const data = workerData as Partial<FuzzWorkerData | ReferenceWorkerData> | null;
if (isMainThread) {
  try {
    await main();
  } catch (error) {
    console.error(`fuzz-throughput: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
} else if (data?.role === 'reference') await referenceWorker();
else if (data?.role === 'fuzz-loop' && data.url !== undefined && data.credential !== undefined)
  await fuzzLoopWorker({ role: 'fuzz-loop', url: data.url, credential: data.credential });
