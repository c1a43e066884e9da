import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from './run-report.ts';
import { summaryMarkdown } from './summary-markdown.ts';

export interface WrittenReports {
  readonly findings: string;
  readonly summary: string;
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
  const markdown = summaryMarkdown(report, operationIds);
  writeFileSync(summary, markdown);
  const stepSummary = env.GITHUB_STEP_SUMMARY;
  if (stepSummary !== undefined && stepSummary !== '') appendFileSync(stepSummary, `${markdown}\n`);
  return { findings, summary };
}
