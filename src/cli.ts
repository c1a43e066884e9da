import { commandErrorLine } from './command-io.ts';

/**
 * `keys-conformance <command>`: a table of subcommands, each loaded only when asked for, so `diff`
 * never pays for starting vitest. Every command returns its exit code; an error escaping a command is
 * reported in one line (exit 2), never as a stack trace.
 */
type CommandMain = (argv: string[]) => Promise<number>;

interface Command {
  readonly summary: string;
  readonly load: () => Promise<CommandMain>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  run: {
    summary: 'run the conformance suites against a target (default: the embedded reference)',
    load: async () => {
      const { runCommand } = await import('./run/command.ts');
      // The one place src/ reaches the reference: the CLI starts it when no target is configured.
      return (argv) =>
        runCommand(argv, async ({ faults }) => {
          const { startReference } = await import('../reference/index.ts');
          return startReference({ faults: [...faults], quiet: true });
        });
    },
  },
  check: {
    summary:
      'show the target settings in effect and check that a run can reach and authenticate to the target',
    load: async () => (await import('./run/check-command.ts')).checkCommand,
  },
  replay: {
    summary: 'rerun the shrunk input of a fuzz or stateful finding and say whether it still fails',
    load: async () => {
      const { replayCommand } = await import('./run/replay-command.ts');
      return (argv) =>
        replayCommand(argv, async ({ faults }) => {
          const { startReference } = await import('../reference/index.ts');
          return startReference({ faults: [...faults], quiet: true });
        });
    },
  },
  diff: {
    summary: 'compare two contract versions: what changed and whom it breaks',
    load: async () => (await import('./diff/command.ts')).runDiffCommand,
  },
  compare: {
    summary: 'compare two runs (findings.json): new, fixed and still failing findings',
    load: async () => (await import('./report/compare-command.ts')).compareCommand,
  },
  merge: {
    summary: 'merge the reports of shards (run --shard i/n) into the reports of one run',
    load: async () => (await import('./report/merge-command.ts')).mergeCommand,
  },
  report: {
    summary: 'generate the Allure HTML report (one offline file) from reports/allure-results/',
    load: async () => (await import('./report/report-command.ts')).reportCommand,
  },
  cleanup: {
    summary: 'delete the keys recorded in a run ledger that are still active (after an interrupted run)',
    load: async () => (await import('./run/cleanup-command.ts')).cleanupCommand,
  },
  reference: {
    summary: 'start the embedded reference target as a server',
    load: async () => (await import('../reference/cli.ts')).referenceCommand,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: keys-conformance <command> [options]',
    '',
    'commands:',
    ...rows,
    '',
    'Run `keys-conformance <command> --help` for the options of a command; `keys-conformance --version` prints',
    "the tool's version (findings.json records it as tool.version).",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    // Loaded here only: every other path reads the version where a report needs it.
    const { TOOL_VERSION } = await import('./run/version.ts');
    console.log(`keys-conformance ${TOOL_VERSION}`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(
      `keys-conformance: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(', ')}`,
    );
    return 2;
  }
  try {
    const commandMain = await command.load();
    return await commandMain(rest);
  } catch (error) {
    console.error(`keys-conformance ${name}: ${commandErrorLine(error)}`);
    return 2;
  }
}
