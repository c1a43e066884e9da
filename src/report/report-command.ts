import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AllureReportError, generateAllureHtml, secretsInReport, type AllureHtml } from './allure-html.ts';
import {
  errorLine,
  givenOnce,
  processIo as processStreams,
  UsageError,
  type CommandIo,
} from '../command-io.ts';

export const REPORT_USAGE = 'keys-conformance report [--reports DIR] [--output DIR] [--name NAME]';

const REPORT_HELP = `usage: ${REPORT_USAGE}

Generates the Allure HTML report of a run from its allure-results/, offline, as one index.html.

options:
  --reports DIR   The run's reports directory (default: KEYS_CONFORMANCE_REPORTS, else reports)
  --output DIR    Where index.html goes (default: <reports>/allure-report)
  --name NAME     The report's title

Exit code: 0 written; 2 bad input, or generation failed, or the report held a secret of the run (the value
of KEYS_API_TOKEN or of the credential key file), in which case it is deleted.`;

/** Where the command writes and what environment it sees; tests pass their own. */
export interface ReportIo extends CommandIo {
  readonly env: NodeJS.ProcessEnv;
}

const processIo: ReportIo = {
  ...processStreams,
  env: process.env,
};

interface ReportOptions {
  readonly reports: string;
  readonly output: string;
  readonly name?: string;
}

/**
 * `keys-conformance report`: the Allure HTML report of a run, offline, as one file —
 * `<reports>/allure-report/index.html` from `<reports>/allure-results/`. As a last guard it looks for the
 * run's own secrets (KEYS_API_TOKEN and the credential key file, when set) in what it generated and
 * deletes the report if one is there. Exit 0: written; 2: bad input, generation failed, or a secret leaked.
 */
export async function reportCommand(argv: readonly string[], io: ReportIo = processIo): Promise<number> {
  let options: ReportOptions | 'help';
  try {
    options = parseReportArgs(argv, io.env);
  } catch (error) {
    io.stderr(`keys-conformance report: ${errorLine(error, [AllureReportError])} (usage: ${REPORT_USAGE})\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${REPORT_HELP}\n`);
    return 0;
  }
  let html: AllureHtml;
  try {
    html = await generateAllureHtml({
      resultsDir: join(options.reports, 'allure-results'),
      outputDir: options.output,
      ...(options.name === undefined ? {} : { reportName: options.name }),
    });
  } catch (error) {
    io.stderr(`keys-conformance report: ${errorLine(error, [AllureReportError])}\n`);
    return 2;
  }
  const leaked = secretsInReport(readFileSync(html.indexHtml, 'utf8'), knownSecrets(io.env));
  if (leaked.length > 0) {
    rmSync(html.indexHtml, { force: true });
    io.stderr(
      `keys-conformance report: the generated report contained the value of ${leaked.join(' and ')}; it was deleted (a redaction bug: please report it)\n`,
    );
    return 2;
  }
  for (const warning of html.warnings) io.stderr(`keys-conformance report: ${warning}\n`);
  const t = html.totals;
  io.stdout(
    `Allure report: ${t.total} test${t.total === 1 ? '' : 's'} — ${t.passed} passed, ${t.failed} failed, ${t.broken} broken, ${t.skipped} skipped → ${html.indexHtml}\n`,
  );
  return 0;
}

function parseReportArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ReportOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      reports: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o', multiple: true },
      name: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) return 'help';
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[0])}; the reports directory goes after --reports`,
    );
  }
  const given = {
    reports: givenOnce('reports', values.reports),
    output: givenOnce('output', values.output),
    name: givenOnce('name', values.name),
  };
  for (const flag of ['reports', 'output', 'name'] as const) {
    if (given[flag] === '') throw new UsageError(`--${flag} needs a value`);
  }
  // The same default and variable as `run --reports`, so `run` then `report` needs no flags.
  const reports = given.reports ?? nonEmpty(env.KEYS_CONFORMANCE_REPORTS) ?? 'reports';
  return {
    reports,
    output: given.output ?? join(reports, 'allure-report'),
    ...(given.name === undefined ? {} : { name: given.name }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The secrets of the configured target, as far as the environment names them. */
function knownSecrets(env: NodeJS.ProcessEnv): { name: string; value: string }[] {
  const secrets: { name: string; value: string }[] = [];
  const token = nonEmpty(env.KEYS_API_TOKEN);
  if (token !== undefined) secrets.push({ name: 'KEYS_API_TOKEN', value: token });
  const keyFile = nonEmpty(env.KEYS_API_CREDENTIAL_KEY);
  if (keyFile !== undefined) {
    try {
      secrets.push({
        name: 'the credential key (KEYS_API_CREDENTIAL_KEY)',
        value: readFileSync(keyFile, 'utf8'),
      });
    } catch {
      // Not readable here: then the run could not have used it either.
    }
  }
  return secrets;
}
