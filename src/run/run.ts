import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { createVitest, type Vitest } from 'vitest/node';
import AllureReporter from 'allure-vitest/reporter';
import { createClient } from '../client/client.ts';
import { proxyLabel } from '../client/proxy-dispatcher.ts';
import type { TransportOptions } from '../client/client-options-from-config.ts';
import {
  allUntaughtProperties,
  DEFAULT_CONTRACT_FILE,
  loadContract,
  untaughtOperations,
} from '../contract/index.ts';
import {
  dedupeFindings,
  countBySeverity,
  countTests,
  mergeTallies,
  type RunInfo,
  type RunReport,
  type Verdict,
} from '../report/run-report.ts';
import { runFailedJunit } from '../report/run-failed-junit.ts';
import { baselineNotSeen } from '../report/baseline-not-seen.ts';
import { baselineFindings } from '../report/findings-file.ts';
import { writeReports, type WrittenReports } from '../report/write-reports.ts';
import { embeddedReferenceLabel } from '../report/reference-label.ts';
import { untaughtNote, untaughtOperationsNote } from '../report/untaught-note.ts';
import {
  cleanupCounts,
  cleanupLedger,
  cleanupWithSweep,
  creationsUnheard,
  type CleanupResult,
} from './cleanup.ts';
import { discardLedger } from './ledger.ts';
import { preflight } from './preflight.ts';
import { createCollector } from './collector.ts';
import { createHeartbeat } from './heartbeat.ts';
import type { TargetProfile } from './profile.ts';
import { effectiveTestTimeoutMs, RUN_DEFAULTS, suiteFilter, type SuiteName } from './run-settings.ts';
import type { RunContext } from './test-meta.ts';
import { runVerdict } from './verdict.ts';
import { TOOL_VERSION } from './version.ts';
import { unroutedOperations, unroutedReason } from '../report/unrouted-operations.ts';

/** How to reach and authenticate to the target. Holds secrets: never printed, never written. */
export interface TargetEndpoint {
  readonly baseUrl: string;
  readonly token: string;
  readonly credentialId: string;
  readonly credentialKeyPem: string;
}

/**
 * The run's first line: what it tests and with what. A config file found in the working directory is named,
 * so settings nobody typed are not a surprise.
 */
export function runHeader(
  runId: string,
  options: Pick<
    RunOptions,
    'target' | 'embeddedReference' | 'referenceFaults' | 'profile' | 'configFile' | 'shard'
  > & {
    readonly transport?: Pick<TransportOptions, 'proxy'>;
    readonly fuzz?: Pick<RunOptions['fuzz'], 'seed'>;
  },
  contractVersion: string,
  /** The contract the embedded reference implements, when that is not the one the suites check. */
  referenceContractVersion?: string,
): string {
  const proxy = options.transport?.proxy;
  const reference = embeddedReferenceLabel(
    options.referenceFaults ?? [],
    referenceContractVersion === contractVersion ? undefined : referenceContractVersion,
  );
  const target = `${options.target.baseUrl}${options.embeddedReference ? reference : ''}${proxy === undefined ? '' : ` via proxy ${proxyLabel(proxy)}`}`;
  const config = options.configFile === undefined ? '' : `, settings from ${options.configFile}`;
  const shard = options.shard === undefined ? '' : `, shard ${options.shard}`;
  // The seed drives every generated input, crypto suites' hashes and messages included: with it, a run
  // whose seed was random can be repeated.
  const seed = options.fuzz === undefined ? '' : `, seed ${options.fuzz.seed}`;
  return `keys-conformance run ${runId}: ${target}, contract ${contractVersion}, profile ${options.profile.name}${seed}${shard}${config}`;
}

export interface RunOptions {
  readonly target: TargetEndpoint;
  readonly embeddedReference: boolean;
  /** The catalogued faults the embedded reference was started with (`--reference-fault`). */
  readonly referenceFaults?: readonly string[];
  readonly profile: TargetProfile;
  readonly contractFile: string;
  /** Empty: every suite. */
  readonly suites: readonly SuiteName[];
  readonly reportsDir: string;
  readonly baselineFile?: string;
  /** The config file the settings were read from, if one was: named in the run's first line. */
  readonly configFile?: string;
  readonly transport: TransportOptions;
  readonly workers: number;
  /** `i/n`: run only that shard of the suite files. */
  readonly shard?: string;
  /** Run only the tests whose title matches this regular expression. */
  readonly grep?: string;
  readonly fuzz: RunContext['fuzz'];
  /** Progress lines (stderr in the CLI). */
  readonly progress: (line: string) => void;
  /** After this long without a progress line, one says what is running (default RUN_DEFAULTS). */
  readonly progressIntervalMs?: number;
  /** What one test may take (default RUN_DEFAULTS; never less than the fuzz budget plus a minute). */
  readonly testTimeoutMs?: number;
  /** Aborting stops the suites; cleanup and reports still happen. */
  readonly signal?: AbortSignal;
  readonly runId?: string;
}

export interface RunOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly report?: RunReport;
  readonly written?: WrittenReports;
  readonly cleanup?: CleanupResult;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITEST_CONFIG = join(ROOT, 'vitest.config.ts');

/** Where a run records each key it creates, until its cleanup has deleted them all. */
export function ledgerFileOf(reportsDir: string, runId: string): string {
  return join(reportsDir, 'ledgers', `${runId}.jsonl`);
}

export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'z')
    .toLowerCase();
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * One conformance run: preflight the target, run the suites in vitest with the target provided to every
 * worker, delete what the run created, and write the reports. Exit code 0 conformant, 1 nonconformant
 * (new findings), 2 the run itself failed (unreachable target, unusable credentials, a broken suite).
 */
export async function runConformance(options: RunOptions): Promise<RunOutcome> {
  const runId = options.runId ?? newRunId();
  const startedAt = new Date().toISOString();
  const contract = loadContract(options.contractFile);
  const baseline = options.baselineFile === undefined ? [] : baselineFindings(options.baselineFile);
  const known = new Set(baseline.map((f) => f.fingerprint));
  const ledgerFile = ledgerFileOf(options.reportsDir, runId);
  const client = createClient({
    baseUrl: options.target.baseUrl,
    token: options.target.token,
    credential: { id: options.target.credentialId, privateKeyPem: options.target.credentialKeyPem },
    ...options.transport,
    exchangeIdPrefix: 'main',
  });
  // The embedded reference serves the project's own openapi.yaml whatever --spec says.
  // Read again only when --spec named another file: parsing the YAML is a tenth of a run's start.
  const servedContract = !options.embeddedReference
    ? undefined
    : resolve(contract.source) === DEFAULT_CONTRACT_FILE
      ? contract.version
      : loadContract(DEFAULT_CONTRACT_FILE).version;
  const referenceContract = servedContract === contract.version ? undefined : servedContract;
  const runInfo = (): RunInfo => ({
    id: runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    target: options.target.baseUrl,
    embeddedReference: options.embeddedReference,
    ...(options.referenceFaults === undefined || options.referenceFaults.length === 0
      ? {}
      : { referenceFaults: [...options.referenceFaults] }),
    ...(referenceContract === undefined ? {} : { referenceContract }),
    contract: { source: contract.source, version: contract.version },
    profile: options.profile.name,
    suites: options.suites.length === 0 ? ['all'] : [...options.suites],
    seed: options.fuzz.seed,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(options.baselineFile === undefined ? {} : { baseline: options.baselineFile }),
  });
  // The reports of an earlier run in the same folder must not pass for this one's, whatever happens next.
  const junitFile = join(options.reportsDir, 'junit.xml');
  rmSync(join(options.reportsDir, 'allure-results'), { recursive: true, force: true });
  rmSync(junitFile, { force: true });
  const failedBeforeSuites = (step: string, reason: string): RunOutcome => {
    const report = runFailedReport(runInfo(), reason, contract.operations);
    const written = writeReports(
      options.reportsDir,
      report,
      contract.operations.map((o) => o.operationId),
    );
    writeFileSync(junitFile, runFailedJunit(step, reason));
    return { exitCode: 2, verdict: 'run-failed', reason, report, written };
  };
  try {
    const failure = await preflight(client);
    if (failure !== undefined) return failedBeforeSuites('preflight', failure);

    const context: RunContext = {
      runId,
      baseUrl: options.target.baseUrl,
      token: options.target.token,
      credentialId: options.target.credentialId,
      credentialKeyPem: options.target.credentialKeyPem,
      contractFile: contract.source,
      contractJson: JSON.stringify(contract.document),
      profileName: options.profile.name,
      profileJson: JSON.stringify(options.profile),
      ledgerFile,
      transport: options.transport,
      fuzz: options.fuzz,
      ...(known.size === 0 ? {} : { knownFingerprints: [...known] }),
    };
    options.progress(runHeader(runId, options, contract.version, referenceContract));
    const untaught = allUntaughtProperties(contract).map((p) => ({
      operationId: p.operationId,
      property: p.name,
      required: p.required,
    }));
    const untaughtOps = untaughtOperations(contract);
    for (const note of [untaughtOperationsNote(untaughtOps), untaughtNote(untaught)]) {
      if (note !== undefined) options.progress(`  note: ${note}`);
    }
    const testTimeoutMs = effectiveTestTimeoutMs(
      options.testTimeoutMs ?? RUN_DEFAULTS.testTimeoutMs,
      options.fuzz.timeBudgetMs,
    );
    // Each asks the other: the collector prints through the heartbeat, which counts failures as it does.
    const collector = createCollector(ROOT, (line) => {
      heartbeat.progress(line);
    });
    const heartbeat = createHeartbeat({
      failedSoFar: () => collector.collected().tests.filter((t) => t.state === 'failed').length,
      intervalMs: options.progressIntervalMs ?? RUN_DEFAULTS.progressIntervalMs,
      root: ROOT,
      print: options.progress,
    });
    const vitestOutput = capture();
    // vitest's junit reporter opens its file as the run starts: a run killed before the end left an empty
    // junit.xml, which CI publishers fail on. It writes beside it, and the file takes its name when complete.
    const junitPartial = `${junitFile}.partial`;
    let vitest: Vitest | undefined;
    const onAbort = (): void => void vitest?.cancelCurrentRun('keyboard-input');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const signalListeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    // allure-vitest names each test by its path from the nearest package.json above the cwd: run from a
    // folder of its own, a test became `../../work/main/suites/…`, with `..` in the report's tree and history
    // ids that change with the checkout. Every path the run was given is absolute by now.
    const startedIn = process.cwd();
    const inProjectRoot = isMainThread;
    if (inProjectRoot) process.chdir(ROOT);
    try {
      vitest = await createVitest(
        'test',
        {
          config: VITEST_CONFIG,
          root: ROOT,
          watch: false,
          maxWorkers: options.workers,
          testTimeout: testTimeoutMs,
          hookTimeout: testTimeoutMs,
          ...(options.shard === undefined ? {} : { shard: options.shard }),
          ...(options.grep === undefined ? {} : { testNamePattern: options.grep }),
          reporters: [
            collector.reporter,
            heartbeat.reporter,
            ['junit', { suiteName: 'keys-conformance' }],
            new AllureReporter({ resultsDir: join(options.reportsDir, 'allure-results') }),
          ],
          outputFile: { junit: junitPartial },
          provide: { keysConformance: context },
        },
        {},
        { stdout: vitestOutput.stream, stderr: vitestOutput.stream },
      );
      // vitest's logger answers SIGINT and SIGTERM with process.exit(): that would skip deleting the
      // keys this run created. The run's caller turns the signal into `options.signal` instead.
      for (const name of ['SIGINT', 'SIGTERM'] as const) {
        for (const listener of process.listeners(name)) {
          if (!signalListeners[name].includes(listener)) process.off(name, listener);
        }
      }
      if (!options.signal?.aborted) await vitest.start(options.suites.map(suiteFilter));
    } catch (error) {
      return failedBeforeSuites(
        'suites',
        `the suites could not start: ${firstLine(error)}${vitestOutput.tail()}`,
      );
    } finally {
      heartbeat.stop();
      options.signal?.removeEventListener('abort', onAbort);
      await vitest?.close();
      if (inProjectRoot) process.chdir(startedIn);
      // Suites that could not start have their junit.xml already, which says why: no partial one replaces it.
      if (existsSync(junitFile)) rmSync(junitPartial, { force: true });
      else if (existsSync(junitPartial)) renameSync(junitPartial, junitFile);
    }

    options.progress('cleaning up the keys this run created…');
    const collected = collector.collected();
    const deleting = {
      everyMs: options.progressIntervalMs ?? RUN_DEFAULTS.progressIntervalMs,
      print: options.progress,
    };
    const cleanup = creationsUnheard(options.signal?.aborted === true, collected.findings)
      ? await cleanupWithSweep(client, ledgerFile, runId, options.progress, deleting)
      : await cleanupLedger(client, ledgerFile, deleting);
    options.progress(`  keys: ${cleanupCounts(cleanup)}`);
    const findings = dedupeFindings(collected.findings, known);
    const fresh = findings.filter((f) => f.baseline === 'new').length;
    const tests = countTests(collected.tests);
    const exercised = new Set(collected.tests.flatMap((t) => t.operationIds));
    const unexercised = contract.operations.map((o) => o.operationId).filter((id) => !exercised.has(id));

    const judged = runVerdict({
      interrupted: options.signal?.aborted === true,
      files: collected.files,
      runErrors: collected.runErrors,
      throttled: collected.throttled,
      timedOut: collected.timedOut,
      testTimeoutMs,
      notTested: collected.notTested,
      tests,
      findings: findings.length,
      newFindings: fresh,
      baseline: options.baselineFile !== undefined,
      suites: options.suites,
      ...(options.grep === undefined ? {} : { grep: options.grep }),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
    });
    const { verdict } = judged;
    let { reason } = judged;
    const cut = collected.tests.filter((t) => t.budgetCut !== undefined).length;
    if (cut > 0 && verdict !== 'run-failed') {
      reason += `; ${cut} fuzz ${cut === 1 ? 'property' : 'properties'} stopped at --time-budget before ${cut === 1 ? 'its' : 'their'} runs (summary.md)`;
    }
    const unrouted = unroutedOperations(collected.answers, collected.tallies);
    if (unrouted.length > 0 && verdict === 'nonconformant') {
      reason += `; ${unroutedReason(unrouted)}`;
    }
    const notSeen = baselineNotSeen(baseline, collected.tests, new Set(findings.map((f) => f.fingerprint)));
    if (notSeen.length > 0) {
      reason += `; ${notSeen.length} baseline finding${notSeen.length === 1 ? '' : 's'} no longer seen (summary.md): take this run's findings.json as the baseline`;
    }
    if (cleanup.failed.length > 0) {
      reason += `; ${cleanup.failed.length} key(s) could not be deleted, see ${ledgerFile} and run \`keys-conformance cleanup --ledger ${ledgerFile}\``;
    }

    const report: RunReport = {
      format: 'keys-conformance/findings@1',
      tool: { name: 'keys-conformance', version: TOOL_VERSION },
      run: {
        ...runInfo(),
        ...(notSeen.length === 0 ? {} : { baselineNotSeen: notSeen }),
        ...(untaught.length === 0 ? {} : { untaughtProperties: untaught }),
        ...(untaughtOps.length === 0 ? {} : { untaughtOperations: untaughtOps }),
      },
      verdict,
      reason,
      counts: {
        tests,
        findings: {
          total: findings.length,
          new: fresh,
          known: findings.length - fresh,
          bySeverity: countBySeverity(findings),
        },
      },
      findings,
      tests: collected.tests,
      checks: mergeTallies(collected.tallies),
      unexercised,
      ...(unrouted.length === 0 ? {} : { unrouted }),
    };
    const written = writeReports(
      options.reportsDir,
      report,
      contract.operations.map((o) => o.operationId),
    );
    if (cleanup.failed.length === 0) discardLedger(ledgerFile);
    const exitCode = verdict === 'conformant' ? 0 : verdict === 'nonconformant' ? 1 : 2;
    return { exitCode, verdict, reason, report, written, cleanup };
  } finally {
    await client.close();
  }
}

/**
 * Before any suite: can we reach the target, does it take our bearer token, and can we sign a user
 * action? Without these nothing can be tested, and the user needs one line saying which one failed.
 */
/** Keeps vitest's own console output out of ours, but at hand when vitest itself fails. */
function capture(): { stream: Writable; tail: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      if (chunks.length > 200) chunks.shift();
      done();
    },
  });
  return {
    stream,
    tail: () => {
      const text = chunks.join('').trim();
      return text === '' ? '' : ` (vitest: ${text.split('\n').slice(-3).join(' | ')})`;
    },
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** The report of a run that stopped before its suites: its reason, nothing tested, nothing exercised. */
function runFailedReport(
  run: RunInfo,
  reason: string,
  operations: readonly { readonly operationId: string }[],
): RunReport {
  return {
    format: 'keys-conformance/findings@1',
    tool: { name: 'keys-conformance', version: TOOL_VERSION },
    run,
    verdict: 'run-failed',
    reason,
    counts: {
      tests: countTests([]),
      findings: { total: 0, new: 0, known: 0, bySeverity: countBySeverity([]) },
    },
    findings: [],
    tests: [],
    checks: [],
    unexercised: operations.map((o) => o.operationId),
  };
}
