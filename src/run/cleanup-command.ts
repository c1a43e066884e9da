import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient } from '../client/client.ts';
import { argsErrorLine, printable } from '../command-io.ts';
import { clientOptionsFromConfig } from '../client/client-options-from-config.ts';
import { configFlagOptions, flagHelpLines, flagValues } from '../config/config-schema.ts';
import { TARGET_SETTINGS } from '../config/target-settings.ts';
import { RUN_DEFAULTS } from './run-settings.ts';
import { externalTargetConfig } from './configured-target.ts';
import { cleanupCounts, cleanupLedger, cleanupWithSweep } from './cleanup.ts';
import { ledgerTargetMismatch, parseLedger, type LedgerEntry } from './ledger.ts';

const USAGE =
  'usage: keys-conformance cleanup --ledger FILE [--target URL --credential-id ID --credential-key FILE]\n\n' +
  'Deletes the keys a run recorded in its ledger (reports/ledgers/<run-id>.jsonl) that are still active:\n' +
  'what an interrupted run could not finish. It also deletes the active keys named after the run\n' +
  '(kc-<run-id>-...) that the ledger missed, a creation whose answer never came. No other key is touched.';

const HELP = [
  USAGE,
  '',
  'options:',
  `  --${'ledger'.padEnd(18)} The ledger of the run to finish (required)`,
  ...flagHelpLines(TARGET_SETTINGS),
  '',
  'The target must be the one the run used: a ledger naming another is refused. The token comes from',
  'KEYS_API_TOKEN or the config file.',
  '',
  'Exit code: 0 every key is deleted or already gone; 1 some could not be deleted (each is named);',
  '2 bad input or settings, or the ledger names another target.',
].join('\n');

/**
 * Why `file` is no ledger to clean up, or undefined. A mistyped path read as an empty ledger would say
 * "nothing to do" and exit 0 while the run's keys stay active.
 */
function ledgerToClean(file: string): { readonly entries: LedgerEntry[] } | { readonly problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return {
        problem: `${file} does not exist (a run removes its ledger once every key it made is deleted)`,
      };
    }
    if (code === 'EISDIR') {
      return { problem: `${file} is a directory; give the ledger file (ledgers/<run-id>.jsonl)` };
    }
    return { problem: `cannot read ${file} (${code ?? (error as Error).message})` };
  }
  const entries = parseLedger(text);
  if (entries.length === 0 && text.trim() !== '') {
    return {
      problem: `${file} is not a run ledger: none of its lines is a {"keyId","runId","createdAt"} entry`,
    };
  }
  return { entries };
}

/** `keys-conformance cleanup --ledger FILE`. */
export async function cleanupCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    const parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        ...configFlagOptions(TARGET_SETTINGS),
        ledger: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    values = flagValues(parsed.values, TARGET_SETTINGS);
  } catch (error) {
    console.error(`keys-conformance cleanup: ${argsErrorLine(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(HELP);
    return 0;
  }
  const { ledger, help: _help, ...flags } = values;
  if (typeof ledger !== 'string' || ledger === '') {
    console.error(`keys-conformance cleanup: --ledger FILE is required\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = await externalTargetConfig(flags);
  } catch (error) {
    console.error(`keys-conformance cleanup: ${(error as Error).message}`);
    return 2;
  }
  const read = ledgerToClean(ledger);
  if ('problem' in read) {
    console.error(`keys-conformance cleanup: ${read.problem}`);
    return 2;
  }
  const { entries } = read;
  if (entries.length === 0) {
    console.log(`nothing to do: ${ledger} lists no keys`);
    return 0;
  }
  const mismatch = ledgerTargetMismatch(entries, config.baseUrl ?? '', ledger);
  if (mismatch !== undefined) {
    console.error(`keys-conformance cleanup: ${mismatch}`);
    return 2;
  }
  const client = createClient(clientOptionsFromConfig(config, config.baseUrl ?? ''));
  try {
    // A run killed outright may have created keys it never heard of; its tests named them after its id.
    const runIds = [...new Set(entries.map((e) => e.runId))];
    const [runId] = runIds;
    const deleting = {
      everyMs: RUN_DEFAULTS.progressIntervalMs,
      print: (line: string) => {
        console.error(line.trim());
      },
    };
    const result =
      runIds.length === 1 && runId !== undefined
        ? await cleanupWithSweep(
            client,
            ledger,
            runId,
            (line, sweep) => {
              if (sweep !== undefined && (sweep.found.length > 0 || sweep.incomplete !== undefined))
                console.error(line.trim());
            },
            deleting,
          )
        : await cleanupLedger(client, ledger, deleting);
    console.log(cleanupCounts(result));
    for (const { keyId, reason } of result.failed) console.error(printable(`  ${keyId}: ${reason}`));
    return result.failed.length === 0 ? 0 : 1;
  } finally {
    await client.close();
  }
}
