import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { RunReport } from './run-report.ts';
import { summaryMarkdown } from './summary-markdown.ts';

export interface WrittenReports {
  readonly findings: string;
  readonly summary: string;
}

/** A path as a command typed where the run was started takes it: relative below the cwd, else absolute. */
function commandPath(path: string): string {
  const below = relative(process.cwd(), path);
  return below === '' || below.startsWith('..') || isAbsolute(below) ? path : below;
}

/**
 * Writes findings.json and summary.md into the reports directory; in GitHub Actions the summary also
 * goes to the job summary. (junit.xml and allure-results/ are written by their vitest reporters.)
 */
export function writeReports(
  dir: string,
  report: RunReport,
  operationIds: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): WrittenReports {
  mkdirSync(dir, { recursive: true });
  const findings = join(dir, 'findings.json');
  const summary = join(dir, 'summary.md');
  writeFileSync(findings, `${JSON.stringify(report, null, 2)}\n`);
  const markdown = summaryMarkdown(report, operationIds, commandPath(findings));
  writeFileSync(summary, markdown);
  const stepSummary = env.GITHUB_STEP_SUMMARY;
  if (stepSummary !== undefined && stepSummary !== '') appendFileSync(stepSummary, `${markdown}\n`);
  return { findings, summary };
}
