import { answered, responseObject } from '../body.ts';
import { shown } from './shown.ts';
import { bodyIncomplete, PASS, type Check, type CheckFailure } from '../check.ts';

/**
 * export_recorded: after ExportKey, the Key says so — `exported: true` and `dateExported`, the date of the
 * first export (keys-api.md §4.14, SEED-002 [C]). Operators audit key custody by these fields; a key that
 * left the cluster but reads as never exported hides that someone holds it outside.
 */
export interface ExportRecord {
  readonly keyId: string;
}

const KEY = '#/components/schemas/Key/properties';

export const exportRecorded: Check<ExportRecord> = {
  id: 'export_recorded',
  severity: 'high',
  rationale:
    'Key custody is audited from exported and dateExported: a key that has left the cluster but reads as never exported hides that a copy exists outside it.',
  run(exchange, _context, { keyId }) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    if (status !== 200) {
      return [
        { message: `GetKey ${answered(exchange)} for exported key ${keyId}`, evidence: { keyId, status } },
      ];
    }
    if (bodyIncomplete(exchange)) return 'not-applicable';
    const key = responseObject(exchange) ?? {};
    const failures: CheckFailure[] = [];
    if (key.exported !== true) {
      failures.push({
        message: `exported key ${keyId} reads exported: ${shown(key.exported)}, expected true`,
        pointer: `${KEY}/exported`,
        evidence: { keyId, exported: key.exported ?? null },
      });
    }
    const date = key.dateExported;
    if (typeof date !== 'string' || Number.isNaN(Date.parse(date))) {
      failures.push({
        message: `exported key ${keyId} has no dateExported (got ${shown(date)})`,
        pointer: `${KEY}/dateExported`,
        evidence: { keyId, dateExported: date ?? null },
      });
    }
    return failures.length === 0 ? PASS : failures;
  },
};
