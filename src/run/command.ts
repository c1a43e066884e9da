import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { transportOptionsFromConfig } from '../client/client-options-from-config.ts';
import { argsErrorLine } from '../command-io.ts';
import { ConfigError } from '../config/config-error.ts';
import { configFlagOptions, flagHelpLines, flagValues } from '../config/config-schema.ts';
import { loadConfigSources, resolveTargetConfig } from '../config/resolve-config.ts';
import { configuredTarget } from './configured-target.ts';
import { resolveSetting, type ConfigSources, type SettingSpec } from '../config/setting.ts';
import { DEFAULT_CONTRACT_FILE } from '../contract/index.ts';
import { loadProfile } from './profile.ts';
import { ledgerFileOf, newRunId, runConformance, type TargetEndpoint } from './run.ts';
import {
  baselineSetting,
  fuzzConcurrencySetting,
  progressIntervalSetting,
  profileSetting,
  reportsSetting,
  CONFIG_FILE_SETTINGS,
  RUN_DEFAULTS,
  selectedFileCount,
  runsSetting,
  seedSetting,
  shardSetting,
  grepSetting,
  specSetting,
  suitesSetting,
  testTimeoutSetting,
  timeBudgetSetting,
  workersSetting,
} from './run-settings.ts';

/** A target the CLI starts in-process when none is configured (the embedded reference). */
export interface EmbeddedTarget {
  readonly url: string;
  readonly token: string;
  readonly credential: { readonly id: string; readonly privateKeyPem: string };
  close(): Promise<void>;
}

export type StartEmbeddedTarget = (options: {
  readonly faults: readonly string[];
}) => Promise<EmbeddedTarget>;

/** Where `run` and `replay` send their requests, and the embedded reference to close afterwards. */
export interface ChosenTarget {
  readonly target: TargetEndpoint;
  readonly embedded?: EmbeddedTarget;
}

/**
 * The configured target, or else the embedded reference started with `faults` (which apply to it only).
 * Throws an Error whose message is the one line the command prints.
 */
export async function chooseTarget(
  configured: TargetEndpoint | undefined,
  faults: readonly string[],
  startEmbedded: StartEmbeddedTarget,
): Promise<ChosenTarget> {
  if (configured !== undefined) {
    if (faults.length > 0) {
      throw new Error('--reference-fault applies to the embedded reference only; drop --target');
    }
    return { target: configured };
  }
  let embedded: EmbeddedTarget;
  try {
    embedded = await startEmbedded({ faults });
  } catch (error) {
    throw new Error(`the embedded reference did not start: ${(error as Error).message}`);
  }
  return {
    embedded,
    target: {
      baseUrl: embedded.url,
      token: embedded.token,
      credentialId: embedded.credential.id,
      credentialKeyPem: embedded.credential.privateKeyPem,
    },
  };
}

/** The `--reference-fault` flag `run` and `replay` share (embedded reference only). */
export const REFERENCE_FAULT_HELP = `  --${'reference-fault'.padEnd(18)} With the embedded reference only: switch on a catalogued fault (repeatable)`;

export function runUsage(): string {
  return [
    'usage: keys-conformance run [options]',
    '',
    'Runs the conformance suites against a target and writes reports. Without --target (or KEYS_API_URL)',
    'it starts the embedded reference target on a free loopback port.',
    '',
    'options:',
    ...flagHelpLines(CONFIG_FILE_SETTINGS),
    REFERENCE_FAULT_HELP,
    '',
    'The bearer token comes from KEYS_API_TOKEN or the config file, never a flag.',
    'Exit code: 0 conformant, 1 nonconformant (new findings), 2 the run failed.',
  ].join('\n');
}

/** `keys-conformance run`. */
export async function runCommand(argv: string[], startEmbedded: StartEmbeddedTarget): Promise<number> {
  let parsed: ReturnType<typeof parseRunArgs>;
  try {
    parsed = parseRunArgs(argv);
  } catch (error) {
    console.error(`keys-conformance run: ${argsErrorLine(error)} (see --help)`);
    return 2;
  }
  if (parsed.help) {
    console.log(runUsage());
    return 0;
  }

  let settings: Awaited<ReturnType<typeof resolveRunSettings>>;
  try {
    settings = await resolveRunSettings(parsed.flags);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof Error) {
      console.error(`keys-conformance run: ${error.message.split('\n')[0] ?? ''}`);
      return 2;
    }
    throw error;
  }
  let chosen: ChosenTarget;
  try {
    chosen = await chooseTarget(settings.target, parsed.referenceFaults, startEmbedded);
  } catch (error) {
    console.error(`keys-conformance run: ${(error as Error).message}`);
    return 2;
  }
  const { target, embedded } = chosen;

  const controller = new AbortController();
  const runId = newRunId();
  const ledgerFile = ledgerFileOf(settings.run.reportsDir, runId);
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) {
      if (existsSync(ledgerFile)) {
        console.error(
          `${signal}: quitting without deleting the keys this run created; ${ledgerFile} lists them, and \`keys-conformance cleanup --ledger ${ledgerFile}\` deletes them`,
        );
      }
      process.exit(130);
    }
    console.error(
      `\n${signal}: stopping the suites, then deleting the keys this run created (again to quit now)`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await runConformance({
      ...settings.run,
      runId,
      target,
      embeddedReference: embedded !== undefined,
      ...(embedded === undefined || parsed.referenceFaults.length === 0
        ? {}
        : { referenceFaults: parsed.referenceFaults }),
      progress: (line) => {
        console.error(line);
      },
      signal: controller.signal,
    });
    const where = outcome.written === undefined ? '' : ` — ${outcome.written.summary}`;
    const label = { conformant: 'CONFORMANT', nonconformant: 'NONCONFORMANT', 'run-failed': 'RUN FAILED' }[
      outcome.verdict
    ];
    console.log(`${label}: ${outcome.reason}${where}`);
    return outcome.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await embedded?.close();
  }
}

function parseRunArgs(argv: string[]): {
  flags: Record<string, string | boolean | undefined>;
  referenceFaults: string[];
  help: boolean;
} {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ...configFlagOptions(CONFIG_FILE_SETTINGS),
      'reference-fault': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const { 'reference-fault': referenceFaults, help, ...flags } = values;
  return {
    flags: flagValues(flags, CONFIG_FILE_SETTINGS),
    referenceFaults: referenceFaults ?? [],
    help: help === true,
  };
}

/** The run's settings from flags, the environment and the config file (exported for tests). */
export async function resolveRunSettings(flags: Record<string, string | boolean | undefined>) {
  const sources: ConfigSources = await loadConfigSources({ flags }, CONFIG_FILE_SETTINGS);
  const config = await resolveTargetConfig(sources);
  const target = configuredTarget(config);
  const get = async <T>(spec: SettingSpec<T>): Promise<T | undefined> =>
    (await resolveSetting(spec, sources))?.value;
  const profile = loadProfile((await get(profileSetting)) ?? RUN_DEFAULTS.profile);
  const baselineFile = await get(baselineSetting);
  const suites = (await get(suitesSetting)) ?? [];
  const shard = await resolveSetting(shardSetting, sources);
  if (shard !== undefined) {
    // vitest refuses more shards than files only once the suites start, in words about its own flag.
    const files = selectedFileCount(suites);
    const count = Number(shard.value.split('/')[1]);
    if (count > files) {
      throw new ConfigError(
        `${shard.label}: "${shard.value}" splits ${files} suite file${files === 1 ? '' : 's'} (${suites.length === 0 ? 'all suites' : suites.join(', ')}) into ${count} shards; use at most ${files}`,
      );
    }
  }
  const grep = await get(grepSetting);
  return {
    target,
    run: {
      profile,
      contractFile: (await get(specSetting)) ?? DEFAULT_CONTRACT_FILE,
      suites,
      reportsDir: (await get(reportsSetting)) ?? resolve(RUN_DEFAULTS.reports),
      ...(baselineFile === undefined ? {} : { baselineFile }),
      ...(config.configFile === undefined ? {} : { configFile: config.configFile }),
      ...(shard === undefined ? {} : { shard: shard.value }),
      ...(grep === undefined ? {} : { grep }),
      transport: transportOptionsFromConfig(config),
      workers: (await get(workersSetting)) ?? RUN_DEFAULTS.workers,
      progressIntervalMs: (await get(progressIntervalSetting)) ?? RUN_DEFAULTS.progressIntervalMs,
      testTimeoutMs: (await get(testTimeoutSetting)) ?? RUN_DEFAULTS.testTimeoutMs,
      fuzz: {
        runs: (await get(runsSetting)) ?? RUN_DEFAULTS.runs,
        seed: (await get(seedSetting)) ?? Math.floor(Math.random() * 0x7fffffff),
        timeBudgetMs: (await get(timeBudgetSetting)) ?? RUN_DEFAULTS.timeBudgetMs,
        // --concurrency alone bounds the fuzzer too: a user pacing a target, or opening it up, says it once.
        concurrency:
          (await get(fuzzConcurrencySetting)) ??
          (config.origins.concurrency === 'default' ? RUN_DEFAULTS.fuzzConcurrency : config.concurrency),
      },
    },
  };
}
