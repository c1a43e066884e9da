import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { base64 } from '@scure/base';

/** Thrown when the HTML report cannot be made; the message is one line naming what was wrong. */
export class AllureReportError extends Error {
  override readonly name = 'AllureReportError';
}

export interface AllureHtmlOptions {
  /** allure-results/ as a run (or `merge`) wrote it. */
  readonly resultsDir: string;
  /** Where index.html goes; created when missing. Files of an earlier report there are overwritten. */
  readonly outputDir: string;
  readonly reportName?: string;
  /** The Allure CLI is killed after this long (default 120 s), so a stuck generator cannot hang CI. */
  readonly timeoutMs?: number;
}

/** Test results by Allure status, as the report's overview shows them. */
export interface AllureTotals {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly broken: number;
  readonly skipped: number;
  readonly unknown: number;
}

export interface AllureHtml {
  /** The single-file report: open it from disk, attach it to a CI run. */
  readonly indexHtml: string;
  readonly totals: AllureTotals;
  /** Things worth a line on stderr that did not stop the report. */
  readonly warnings: readonly string[];
}

const run = promisify(execFile);

/**
 * The Allure 3 CLI (npm `allure`, pure Node: no Java) with the "awesome" report as one self-contained
 * HTML file, tests grouped by the `feature` label — the operationId the harness puts on every test.
 */
export async function generateAllureHtml(options: AllureHtmlOptions): Promise<AllureHtml> {
  const resultsDir = resolve(options.resultsDir);
  checkResults(resultsDir);
  const outputDir = resolve(options.outputDir);
  if (existsSync(outputDir) && !statSync(outputDir).isDirectory()) {
    throw new AllureReportError(`${options.outputDir}: exists and is not a directory`);
  }
  // Allure moves things around in its output (it flattens a lone subdirectory), so it writes into a
  // fresh directory of its own and only the finished files are copied to where the user asked.
  const work = mkdtempSync(join(tmpdir(), 'keys-conformance-allure-'));
  try {
    const generated = join(work, 'report');
    const config = join(work, 'allurerc.json');
    writeFileSync(config, JSON.stringify(allureConfig(generated, options.reportName ?? 'keys-conformance')));
    try {
      await run(process.execPath, [allureCli(), 'generate', '--config', config, resultsDir], {
        cwd: work,
        env: allureEnv(process.env),
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      throw new AllureReportError(`allure generate failed: ${failureLine(error)}`);
    }
    const index = join(generated, 'index.html');
    if (!existsSync(index)) throw new AllureReportError('allure generate wrote no index.html');
    const warnings: string[] = [];
    const cleaned = withoutAnalytics(readFileSync(index, 'utf8'));
    if (cleaned.includes('googletagmanager.com')) {
      warnings.push(
        'the report still loads Google Analytics from googletagmanager.com (unknown Allure template)',
      );
    }
    writeFileSync(index, cleaned);
    const totals = readTotals(join(generated, 'summary.json'));
    cpSync(generated, outputDir, { recursive: true });
    return { indexHtml: join(outputDir, 'index.html'), totals, warnings };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function allureConfig(output: string, name: string): object {
  return {
    name,
    output,
    plugins: {
      awesome: {
        options: {
          reportName: name,
          singleFile: true,
          groupBy: ['feature'],
          reportLanguage: 'en',
          theme: 'light',
        },
      },
      // Allure adds its AI-agent plugin unless told otherwise; a report needs none of it.
      agent: { enabled: false },
    },
  };
}

function checkResults(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new AllureReportError(
      `${dir}: cannot read (${code}); expected the allure-results/ directory a run writes (run \`keys-conformance run\` first)`,
    );
  }
  const results = entries.filter((e) => e.endsWith('-result.json')).sort();
  if (results.length === 0) {
    throw new AllureReportError(
      `${dir}: no Allure results in it (expected *-result.json files written by a run)`,
    );
  }
  // Allure skips a result it cannot parse without a word: the report would be missing that test and
  // still look complete. A truncated or foreign file means the results are not what the run wrote.
  for (const name of results) {
    const problem = resultProblem(join(dir, name));
    if (problem !== undefined) {
      throw new AllureReportError(
        `${join(dir, name)}: not an Allure result (${problem}); the report would leave its test out`,
      );
    }
  }
}

function resultProblem(file: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? 'not JSON' : `cannot read: ${code}`;
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? undefined : 'not a JSON object';
}

function allureCli(): string {
  const main = createRequire(import.meta.url).resolve('allure');
  const cli = join(dirname(main), '..', 'cli.js');
  if (!existsSync(cli)) throw new AllureReportError(`the allure CLI is not at ${cli}; reinstall with npm ci`);
  return cli;
}

// The generator needs no credentials of the target; it does not get them.
function allureEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([key]) => !key.startsWith('KEYS_API_') && !key.startsWith('KEYS_CONFORMANCE_'),
    ),
  );
}

/**
 * The awesome template always includes Google Analytics (a script from googletagmanager.com that sends
 * the report's id). A report of a staging run is opened on laptops and CI artifact viewers; it should
 * not call anyone, and offline it would only stall on the request.
 */
export function withoutAnalytics(html: string): string {
  return html.replace(
    /[ \t]*<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*<script>[\s\S]*?gtag\('config'[\s\S]*?<\/script>\n?/,
    '',
  );
}

function readTotals(file: string): AllureTotals {
  let stats: Record<string, unknown> = {};
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8')) as { stats?: unknown };
    if (typeof summary.stats === 'object' && summary.stats !== null)
      stats = summary.stats as Record<string, unknown>;
  } catch {
    throw new AllureReportError(`allure generate wrote no readable summary.json`);
  }
  const n = (key: string): number => (typeof stats[key] === 'number' ? stats[key] : 0);
  return {
    total: n('total'),
    passed: n('passed'),
    failed: n('failed'),
    broken: n('broken'),
    skipped: n('skipped'),
    unknown: n('unknown'),
  };
}

function failureLine(error: unknown): string {
  const e = error as {
    killed?: boolean;
    signal?: string;
    stderr?: string;
    stdout?: string;
    message?: string;
  };
  if (e.killed === true) return `timed out and was stopped (${e.signal ?? 'killed'})`;
  const text = [e.stderr, e.stdout, e.message].find((t) => t !== undefined && t.trim() !== '') ?? 'no output';
  // ANSI colours and the CLI's banner lines say nothing; the first line with words does.
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  return lines.map((l) => l.trim()).find((l) => /[a-z]{3}/i.test(l)) ?? 'no output';
}

/**
 * Everything a reader of the report could see: the HTML itself and each payload the single-file report
 * embeds base64-encoded (`d("path","…")`) — test results, attachments — decoded. A secret scan that read
 * only the HTML would miss a token inside an attachment.
 */
export function reportTexts(html: string): string[] {
  const texts = [html];
  for (const match of html.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]*)"\)/g)) {
    try {
      texts.push(new TextDecoder().decode(base64.decode(match[2] ?? '')));
    } catch {
      // Not base64 after all (an inline script that happens to match): the raw HTML covers it.
    }
  }
  return texts;
}

/**
 * The names of the secrets that appear anywhere in the report (see reportTexts): as written, as inside a
 * JSON string, and for a PEM key each line of its body, so a key that was reflowed or escaped is found.
 */
export function secretsInReport(
  html: string,
  secrets: readonly { readonly name: string; readonly value: string }[],
): string[] {
  const texts = reportTexts(html);
  return secrets
    .filter((s) => needles(s.value).some((needle) => texts.some((t) => t.includes(needle))))
    .map((s) => s.name);
}

function needles(secret: string): string[] {
  const found = [secret, JSON.stringify(secret).slice(1, -1)];
  if (secret.includes('-----BEGIN')) {
    found.push(
      ...secret.split(/\r?\n/).filter((line) => !line.startsWith('-----') && line.trim().length >= 16),
    );
  }
  // Too short to mean anything: every report would contain it by chance.
  return found.filter((n) => n.length >= 8);
}
