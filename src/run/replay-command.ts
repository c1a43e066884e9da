import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { answered } from '../checks/body.ts';
import { transportOptionsFromConfig } from '../client/client-options-from-config.ts';
import { unreachableReason } from './unreachable-hints.ts';
import { argsErrorLine, printable } from '../command-io.ts';
import { ConfigError } from '../config/config-error.ts';
import { configFlagOptions, flagHelpLines, flagValues } from '../config/config-schema.ts';
import { loadConfigSources, resolveTargetConfig } from '../config/resolve-config.ts';
import { configuredTarget } from './configured-target.ts';
import { resolveSetting, type SettingSpec } from '../config/setting.ts';
import { TARGET_SETTINGS } from '../config/target-settings.ts';
import { DEFAULT_CONTRACT_FILE, loadContract } from '../contract/index.ts';
import { createHarness, type Harness } from '../harness/harness.ts';
import { PreconditionError } from '../harness/precondition.ts';
import type { Finding } from '../report/finding.ts';
import { cleanupLedger } from './cleanup.ts';
import {
  chooseTarget,
  REFERENCE_FAULT_HELP,
  type ChosenTarget,
  type StartEmbeddedTarget,
} from './command.ts';
import { loadProfile } from './profile.ts';
import { loadReplayFinding, ReplayReferenceError, type ReplayableFinding } from './replay-finding.ts';
import { parseReplayInput, ReplayInputError, type ReplayInput } from './replay-input.ts';
import { describeStep } from './replay-lifecycle.ts';
import { repeated, runReplayInput, type ReplayRun } from './replay-run.ts';
import { newRunId, type TargetEndpoint } from './run.ts';
import { CONFIG_FILE_SETTINGS, profileSetting, RUN_DEFAULTS, specSetting } from './run-settings.ts';

/**
 * `keys-conformance replay FINDING`: reruns the minimal input of a fuzz or stateful finding against the same
 * or another target and says whether it still fails — exit 1 "still fails", 0 "no longer fails", 2 when the
 * finding, the configuration or the target cannot be used. The resources the input's placeholders stand for
 * (a key of the recorded scheme and curve, a signature, signers…) are created first and deleted after.
 */

const FLAG_SETTINGS: readonly SettingSpec<unknown>[] = [
  ...TARGET_SETTINGS,
  profileSetting,
  specSetting,
] as readonly SettingSpec<unknown>[];

export function replayUsage(): string {
  return [
    'usage: keys-conformance replay FINDING [options]',
    '',
    'Sends the shrunk input of a fuzz or stateful finding again and says whether it still fails. FINDING is',
    'FINDINGS_FILE#FINGERPRINT or RUN_DIR#FINGERPRINT (fingerprints are listed in findings.json), or a JSON',
    'file holding one finding. Without --target (or KEYS_API_URL) it starts the embedded reference.',
    '',
    'options:',
    ...flagHelpLines(FLAG_SETTINGS),
    REFERENCE_FAULT_HELP,
    '',
    'Exit code: 1 still fails, 0 no longer fails, 2 cannot tell (the target refused the input at authentication, or kept throttling it), or the finding, the configuration or the target cannot be used.',
  ].join('\n');
}

interface Parsed {
  readonly reference?: string;
  readonly flags: Record<string, string | boolean | undefined>;
  readonly faults: string[];
  readonly help: boolean;
}

function parse(argv: string[]): Parsed {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      ...configFlagOptions(FLAG_SETTINGS),
      'reference-fault': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 1) {
    throw new Error(`expected one finding, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const { 'reference-fault': faults, help, ...flags } = values;
  return {
    ...(positionals[0] === undefined ? {} : { reference: positionals[0] }),
    flags: flagValues(flags, FLAG_SETTINGS),
    faults: faults ?? [],
    help: help === true,
  };
}

/** One line per finding; the message quotes the target, whose control characters must not reach the terminal. */
function summary(f: Finding): string {
  return printable(
    `[${f.severity}] ${f.checkId}${f.operationId === undefined ? '' : ` ${f.operationId}`}: ${f.message}`,
  );
}

function describeInput(input: ReplayInput): string {
  if (input.kind === 'lifecycle')
    return `${input.steps.length} steps: ${input.steps.map(describeStep).join(' → ')}`;
  return `${input.operationId}, ${input.expect} input: ${input.description}`;
}

/** `keys-conformance replay`. */
export async function replayCommand(argv: string[], startEmbedded: StartEmbeddedTarget): Promise<number> {
  const fail = (message: string): number => {
    console.error(`keys-conformance replay: ${message.split('\n')[0] ?? ''}`);
    return 2;
  };
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (error) {
    return fail(`${argsErrorLine(error)} (see --help)`);
  }
  if (parsed.help) {
    console.log(replayUsage());
    return 0;
  }
  if (parsed.reference === undefined)
    return fail('name the finding to replay: FINDINGS_FILE#FINGERPRINT (see --help)');

  let finding: ReplayableFinding;
  let input: ReplayInput;
  try {
    finding = loadReplayFinding(parsed.reference);
    input = parseReplayInput(finding.replay.input);
  } catch (error) {
    if (error instanceof ReplayReferenceError || error instanceof ReplayInputError)
      return fail(error.message);
    // Reading a finding walks its input recursively: one nested thousands deep overflows the stack.
    if (error instanceof RangeError)
      return fail(`${parsed.reference}: the finding is nested too deeply to read`);
    throw error;
  }

  let settings: Awaited<ReturnType<typeof resolveSettings>>;
  try {
    settings = await resolveSettings(parsed.flags);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof Error) return fail(error.message);
    throw error;
  }
  let chosen: ChosenTarget;
  try {
    chosen = await chooseTarget(settings.target, parsed.faults, startEmbedded);
  } catch (error) {
    return fail((error as Error).message);
  }
  const { target, embedded } = chosen;
  const where = `${target.baseUrl}${embedded === undefined ? '' : ` (embedded reference${parsed.faults.length > 0 ? `, faults: ${parsed.faults.join(', ')}` : ''})`}`;
  console.error(
    `replaying ${finding.fingerprint} (${finding.checkId}${finding.operationId === undefined ? '' : ` ${finding.operationId}`}; ${describeInput(input)}) against ${where}`,
  );
  try {
    return await replay(target, settings, finding, input);
  } finally {
    await embedded?.close();
  }
}

async function replay(
  target: TargetEndpoint,
  settings: Awaited<ReturnType<typeof resolveSettings>>,
  finding: ReplayableFinding,
  input: ReplayInput,
): Promise<number> {
  const contract = loadContract(settings.contractFile);
  const runId = newRunId();
  const dir = mkdtempSync(join(tmpdir(), 'kc-replay-'));
  const ledgerFile = join(dir, `${runId}.jsonl`);
  const h: Harness = createHarness({
    runId,
    baseUrl: target.baseUrl,
    token: target.token,
    credentialId: target.credentialId,
    credentialKeyPem: target.credentialKeyPem,
    contractFile: contract.source,
    contractJson: JSON.stringify(contract.document),
    profileName: settings.profile.name,
    profileJson: JSON.stringify(settings.profile),
    ledgerFile,
    transport: settings.transport,
    fuzz: { runs: 1, seed: finding.replay.seed, timeBudgetMs: RUN_DEFAULTS.timeBudgetMs, concurrency: 1 },
  });
  try {
    const reachable = await h.client.request({ method: 'GET', path: '/keys', query: { limit: 1 } });
    if (!reachable.sent || reachable.exchange.response === undefined) {
      const reason = reachable.sent
        ? unreachableReason(reachable.exchange, h.client.proxy)
        : 'target unreachable: GET /keys: could not send';
      console.error(`keys-conformance replay: ${reason}`);
      return 2;
    }
    let run;
    try {
      run = await runReplayInput(h, input);
    } catch (error) {
      if (error instanceof ReplayInputError || error instanceof PreconditionError) {
        console.error(
          // Worded from what the target answered (outside a suite worker, so not yet scrubbed).
          `keys-conformance replay: cannot replay on this target: ${printable(h.client.redactor.scrub(error.message.split('\n')[0] ?? ''))}`,
        );
        return 2;
      }
      throw error;
    }
    for (const f of run.setup.findings) console.error(`note: while preparing the input: ${summary(f)}`);
    const again = repeated(finding, run.input);
    const others = run.input.findings.filter((f) => !again.includes(f));
    for (const f of others) console.log(`also: ${summary(f)}`);
    if (again.length > 0) {
      const [first] = again;
      console.log(`still fails: ${again.map(summary).join('; ')}`);
      if (first?.curl !== undefined) console.log(first.curl);
      return 1;
    }
    if (run.input.throttled > 0) {
      // The check the finding names was never run: "no longer fails" would be a guess.
      console.error(
        'keys-conformance replay: cannot tell: the target still answered 429 (Retry-After) after the retries; try again later or raise --rate-limit-retries',
      );
      return 2;
    }
    const refusal = authRefusal(finding, run.refusedAtAuth);
    if (refusal !== undefined) {
      // The step's line quotes the target's reason (outside a suite worker, so not yet scrubbed).
      console.error(`keys-conformance replay: cannot tell: ${printable(h.client.redactor.scrub(refusal))}`);
      return 2;
    }
    console.log(`no longer fails: ${finding.checkId} passed on the replayed input`);
    return 0;
  } finally {
    const cleanup = await cleanupLedger(h.client, ledgerFile);
    if (cleanup.failed.length > 0) {
      console.error(
        `note: ${cleanup.failed.length} key(s) the replay created could not be deleted; run \`keys-conformance cleanup --ledger ${ledgerFile}\``,
      );
    } else {
      rmSync(dir, { recursive: true, force: true });
    }
    await h.client.close();
  }
}

/**
 * A replayed request, or a step of a replayed sequence, that the target refused at authentication (401/403)
 * never reached what the finding is about, unless the finding was about that very answer: "no longer fails"
 * would then pass a fault nobody looked at. A refused step no later step needed raised no other error.
 */
function authRefusal(finding: ReplayableFinding, refused: ReplayRun['refusedAtAuth']): string | undefined {
  if (refused === undefined) return undefined;
  if (finding.exchange?.response?.status === refused.exchange.response?.status) return undefined;
  const what =
    refused.step === undefined
      ? `the replayed request (${answered(refused.exchange)}), so the input`
      : `step ${refused.step} at authentication, so the sequence`;
  return `the target refused ${what} never reached what the finding is about; check the token, the credential and the base URL (user actions are signed for the path as sent)`;
}

async function resolveSettings(flags: Record<string, string | boolean | undefined>) {
  // Every setting a config file may hold, so the file `run` uses works here too.
  const sources = await loadConfigSources({ flags }, CONFIG_FILE_SETTINGS);
  const config = await resolveTargetConfig(sources);
  const target = configuredTarget(config);
  const profile = loadProfile((await resolveSetting(profileSetting, sources))?.value ?? RUN_DEFAULTS.profile);
  return {
    target,
    profile,
    contractFile: (await resolveSetting(specSetting, sources))?.value ?? DEFAULT_CONTRACT_FILE,
    transport: transportOptionsFromConfig(config),
  };
}
