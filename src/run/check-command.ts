import { parseArgs } from 'node:util';
import { createClient } from '../client/client.ts';
import { clientOptionsFromConfig } from '../client/client-options-from-config.ts';
import { argsErrorLine } from '../command-io.ts';
import { configFlagOptions, flagHelpLines, flagValues } from '../config/config-schema.ts';
import { describeConfig, type TargetConfig } from '../config/resolve-config.ts';
import { TARGET_SETTINGS } from '../config/target-settings.ts';
import { externalTargetConfig } from './configured-target.ts';
import { preflight } from './preflight.ts';

/**
 * `keys-conformance check`: what a run would do before its suites, alone — with the settings in effect
 * shown (secrets as set or unset) — so an operator wiring a nightly job sees in seconds whether the
 * target, token, credential, proxy and headers are right, instead of after a run that failed.
 */

function usage(): string {
  return [
    'usage: keys-conformance check [options]',
    '',
    'Shows the target settings in effect and checks that a run can reach the target, that its bearer',
    'token is accepted and that its credential signs a user action. Nothing is created. It needs a',
    'target: unlike run, it does not start the embedded reference.',
    '',
    'options:',
    ...flagHelpLines(TARGET_SETTINGS),
    '',
    'Exit code: 0 ready, 2 not ready (with the reason) or a bad setting.',
  ].join('\n');
}

export async function checkCommand(argv: string[]): Promise<number> {
  let flags: Record<string, string | boolean | undefined>;
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      options: { ...configFlagOptions(TARGET_SETTINGS), help: { type: 'boolean', short: 'h' } },
    });
    const { help, ...rest } = values;
    if (help === true) {
      console.log(usage());
      return 0;
    }
    flags = flagValues(rest, TARGET_SETTINGS);
  } catch (error) {
    console.error(`keys-conformance check: ${argsErrorLine(error)} (see --help)`);
    return 2;
  }
  let config: TargetConfig;
  try {
    config = await externalTargetConfig(flags);
  } catch (error) {
    console.error(`keys-conformance check: ${(error as Error).message}`);
    return 2;
  }
  const baseUrl = config.baseUrl ?? '';
  console.log(`keys-conformance check: ${baseUrl}`);
  for (const [name, value] of describeConfig(config)) {
    if (name !== 'target') console.log(`  ${name.padEnd(13)} ${value}`);
  }
  const client = createClient(clientOptionsFromConfig(config, baseUrl, { exchangeIdPrefix: 'check' }));
  try {
    const failure = await preflight(client, (line) => {
      console.log(`  ✓ ${line}`);
    });
    if (failure !== undefined) {
      console.log(`NOT READY: ${failure}`);
      return 2;
    }
    console.log(`READY: a run can reach and authenticate to ${baseUrl}`);
    return 0;
  } finally {
    await client.close();
  }
}
