import { describe, expect, it } from 'vitest';
import { findingsReportProblem } from '../../src/report/findings-file.ts';
import { summaryMarkdown } from '../../src/report/summary-markdown.ts';
import {
  mergeUnrouted,
  unroutedOperations,
  unroutedReason,
  unroutedSentence,
  type AnswerCount,
  type UnroutedOperation,
} from '../../src/report/unrouted-operations.ts';
import { FAULTS, runReport } from './run-reports.ts';

const refusedValid = (operationId: string) => ({
  operationId,
  checkId: 'positive_data_accepted',
  passed: 0,
  failed: 1,
});
const answer = (operationId: string, status: number, count = 1): AnswerCount => ({
  operationId,
  status,
  count,
});

describe('unroutedOperations', () => {
  it('DeriveKey: names an operation answered only 404 that refused valid input', () => {
    expect(
      unroutedOperations(
        [answer('DeriveKey', 404, 5), answer('DeriveKey', 404, 2), answer('GetKey', 200)],
        [refusedValid('DeriveKey')],
      ),
    ).toEqual([{ operationId: 'DeriveKey', calls: 7, statuses: { '404': 7 }, capability: 'derive' }]);
  });

  it('DeriveKey: leaves out 401 and 429 answers, given before routing', () => {
    expect(
      unroutedOperations(
        [answer('DeriveKey', 401, 3), answer('DeriveKey', 429), answer('DeriveKey', 501, 2)],
        [refusedValid('DeriveKey')],
      ),
    ).toEqual([{ operationId: 'DeriveKey', calls: 2, statuses: { '501': 2 }, capability: 'derive' }]);
  });

  it('GetKey: names no operation that answered 2xx once', () => {
    expect(
      unroutedOperations([answer('GetKey', 404, 9), answer('GetKey', 200)], [refusedValid('GetKey')]),
    ).toEqual([]);
  });

  it('DeriveKey: names no operation that answered 400 (it read the input, so it is routed)', () => {
    expect(
      unroutedOperations(
        [answer('DeriveKey', 404, 3), answer('DeriveKey', 400)],
        [refusedValid('DeriveKey')],
      ),
    ).toEqual([]);
  });

  it('GetKey: names no operation the run only asked what must be refused (--grep "answers 404")', () => {
    expect(
      unroutedOperations(
        [answer('GetKey', 404, 4)],
        [{ operationId: 'GetKey', checkId: 'status_code_documented', passed: 4, failed: 0 }],
      ),
    ).toEqual([]);
  });

  it('ListSigners: gives no capability where the profile has none for the operation', () => {
    expect(unroutedOperations([answer('ListSigners', 405)], [refusedValid('ListSigners')])).toEqual([
      { operationId: 'ListSigners', calls: 1, statuses: { '405': 1 } },
    ]);
  });
});

const DERIVE: UnroutedOperation = {
  operationId: 'DeriveKey',
  calls: 57,
  statuses: { '404': 57 },
  capability: 'derive',
};

describe('unroutedSentence', () => {
  it('DeriveKey: names the calls, the status and the profile setting that leaves it out', () => {
    expect(unroutedSentence(DERIVE)).toBe(
      'DeriveKey looks unimplemented: all 57 of its calls were answered 404, as a server answers a path it does not route, valid input included; its other findings likely follow from this; if the target does not offer it, set capabilities.derive: false in the profile and its tests are reported not applicable.',
    );
  });

  it('ListSigners: counts each status when there are several', () => {
    expect(
      unroutedSentence({ operationId: 'ListSigners', calls: 3, statuses: { '404': 1, '405': 2 } }),
    ).toContain('all 3 of its calls were answered 404 (1), 405 (2)');
  });
});

describe('unroutedReason', () => {
  it('DeriveKey: one operation, its calls and its status', () => {
    expect(unroutedReason([DERIVE])).toBe(
      'DeriveKey looks unimplemented: all 57 calls answered 404, none succeeded (summary.md)',
    );
  });

  it('DeriveKey, ListSigners: several operations and every status that came back', () => {
    expect(unroutedReason([DERIVE, { operationId: 'ListSigners', calls: 1, statuses: { '405': 1 } }])).toBe(
      'DeriveKey, ListSigners look unimplemented: all 58 calls answered 404 or 405, none succeeded (summary.md)',
    );
  });
});

describe('mergeUnrouted', () => {
  it('DeriveKey: keeps an operation no other part exercised, summing its calls', () => {
    expect(
      mergeUnrouted([
        { unrouted: [DERIVE], unexercised: [] },
        { unrouted: [{ ...DERIVE, calls: 3, statuses: { '404': 3 } }], unexercised: [] },
        { unexercised: ['DeriveKey'] },
      ]),
    ).toEqual([{ ...DERIVE, calls: 60, statuses: { '404': 60 } }]);
  });

  it('DeriveKey: drops an operation another part exercised without finding it unrouted', () => {
    expect(mergeUnrouted([{ unrouted: [DERIVE], unexercised: [] }, { unexercised: [] }])).toEqual([]);
  });
});

describe('the report', () => {
  const report = { ...runReport({ findings: [FAULTS.wrongStatus] }), unrouted: [DERIVE] };

  it('DeriveKey: findings.json with unrouted operations is valid under docs/findings.schema.json', () => {
    expect(findingsReportProblem(report)).toBeUndefined();
  });

  it('DeriveKey: summary.md says the operation looks unimplemented, above the matrix', () => {
    const md = summaryMarkdown(report, ['DeriveKey']);
    const line = md.indexOf('> `DeriveKey` looks unimplemented: all 57 of its calls were answered 404');
    expect([line > 0, line < md.indexOf('## Operations x checks')]).toEqual([true, true]);
  });
});
