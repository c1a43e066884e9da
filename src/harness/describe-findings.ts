import type { Finding } from '../report/finding.ts';
import { fingerprint } from '../report/fingerprint.ts';

/**
 * The test's failure message. Under --baseline a known finding is marked so: JUnit and Allure still show
 * the test failed (it met a fault), while the run's gate passes on it, and a reader must see why.
 */
export function describeFindings(
  findings: readonly Finding[],
  total: number,
  knownPrints: ReadonlySet<string> = new Set(),
): string {
  const isKnown = (f: Finding): boolean => knownPrints.has(fingerprint(f));
  const lines = findings.slice(0, 5).map((f) => {
    // Contract violations already start with their operation; say it once.
    const op =
      f.operationId === undefined || f.message.startsWith(`${f.operationId}: `) ? '' : ` ${f.operationId}`;
    return `${isKnown(f) ? '[known] ' : ''}[${f.severity}] ${f.checkId}${op}: ${f.message}`;
  });
  const more = total > lines.length ? `\n…and ${total - lines.length} more` : '';
  const knownCount = findings.filter(isKnown).length;
  const baseline =
    knownCount === 0
      ? ''
      : knownCount === total
        ? ', all known from the baseline'
        : `, ${knownCount} known from the baseline`;
  return `${total} finding${total === 1 ? '' : 's'}${baseline}:\n${lines.join('\n')}${more}`;
}
