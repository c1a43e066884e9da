import { breaks, CHANGE_CLASSES, type ChangeClass, type DiffChange, type DiffReport } from './change.ts';
import { codeSpan } from './code-span.ts';

const TITLES: Readonly<Record<ChangeClass, string>> = {
  'breaking-client': 'Breaking for clients',
  'breaking-server': 'Breaking for servers',
  'non-breaking': 'Non-breaking',
};

const MEANINGS: Readonly<Record<ChangeClass, string>> = {
  'breaking-client': 'A client built to the old contract may fail against a server built to the new one.',
  'breaking-server': 'A server built to the old contract does not conform to the new one.',
  'non-breaking': 'Neither existing clients nor existing servers are affected.',
};

/**
 * The report as Markdown for a pull-request comment: versions, counts by class, one table per class (a change
 * that breaks clients and servers is in both).
 */
export function renderDiffMarkdown(report: DiffReport): string {
  const lines = [
    `## Contract diff: ${report.old.version} → ${report.new.version}`,
    '',
    `Old: ${code(report.old.source)} (${report.old.version}) · New: ${code(report.new.source)} (${report.new.version})`,
    '',
  ];
  if (report.changes.length === 0) {
    lines.push('**No differences** between the two contracts.', '');
    return lines.join('\n');
  }
  const counts: Readonly<Record<ChangeClass, number>> = {
    'breaking-client': report.summary.breakingClient,
    'breaking-server': report.summary.breakingServer,
    'non-breaking': report.summary.nonBreaking,
  };
  lines.push('| Class | Changes |', '| --- | ---: |');
  for (const c of CHANGE_CLASSES) lines.push(`| ${TITLES[c]} | ${String(counts[c])} |`);
  lines.push('');
  for (const c of CHANGE_CLASSES) {
    const changes = report.changes.filter((change) => breaks(change, c));
    if (changes.length === 0) continue;
    lines.push(`### ${TITLES[c]} (${String(changes.length)})`, '', MEANINGS[c], '');
    lines.push('| Operation | Location | Change | Details | Pointer |', '| --- | --- | --- | --- | --- |');
    for (const change of [...changes].sort(byOperation)) lines.push(row(change));
    lines.push('');
  }
  return lines.join('\n');
}

// Rows of one operation stay together, in the report's own (path, method, location) order otherwise.
function byOperation(a: DiffChange, b: DiffChange): number {
  const ka = `${a.path} ${a.method}`;
  const kb = `${b.path} ${b.method}`;
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

function row(change: DiffChange): string {
  const operation = `${change.operationId ?? ''} ${code(`${change.method} ${change.path}`)}`.trim();
  const cells = [operation, change.location, code(change.id), cell(change.message), pointers(change)];
  return `| ${cells.join(' | ')} |`;
}

function pointers(change: DiffChange): string {
  const { oldPointer, newPointer } = change;
  if (oldPointer === newPointer || oldPointer === undefined) return newPointer ? code(newPointer) : '';
  if (newPointer === undefined) return code(oldPointer);
  return `old ${code(oldPointer)}<br>new ${code(newPointer)}`;
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|');
}

// A code span inside a table cell: GitHub needs `\|` for a pipe even inside a span.
function code(text: string): string {
  return cell(codeSpan(text));
}
