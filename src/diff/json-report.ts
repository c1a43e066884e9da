import type { DiffReport } from './change.ts';

/** The report as JSON (validates against docs/diff-report.schema.json). */
export function renderDiffJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
