import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import type { CheckFailure } from '../../src/checks/check.ts';
import {
  contentTypeConformance,
  errorBodyConformance,
  notAServerError,
  responseReceived,
  responseSchemaConformance,
  statusCodeDocumented,
} from '../../src/checks/automatic.ts';
import {
  authRequired,
  userActionBound,
  userActionRequired,
  userActionSingleUse,
} from '../../src/checks/auth.ts';
import { negativeDataRejected, positiveDataAccepted, RESOURCES_EXIST } from '../../src/checks/data.ts';
import {
  delegationRules,
  resourceAvailability,
  updateScoped,
  useAfterDelete,
} from '../../src/checks/lifecycle.ts';
import { idempotentReplay } from '../../src/checks/idempotency.ts';
import { paginationFailures } from '../../src/checks/pagination.ts';
import { answer, verdictOf } from './exchanges.ts';

/**
 * Every contract, auth, lifecycle and idempotency check on crafted exchanges: passing on an answer that
 * keeps its rule and failing, with the right pointer, on one that breaks it. (The meta-tests show the
 * same checks failing against the faulty reference over HTTP.)
 */
const KEY = {
  id: 'key-aaaaa-bbbbb-cccccccccccccccc',
  scheme: 'ECDSA',
  curve: 'secp256k1',
  publicKey: '038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75',
  status: 'Active',
  custodial: true,
  dateCreated: '2026-01-01T00:00:00.000Z',
  name: 'a',
};
const ERROR = { error: { message: 'no' } };

function failures(verdict: ReturnType<typeof verdictOf>): readonly CheckFailure[] {
  if (verdict === 'not-applicable') throw new Error('the check did not apply');
  return verdict;
}

function withContentType(exchange: Exchange, contentType: string): Exchange {
  const response = exchange.response!;
  return {
    ...exchange,
    response: { ...response, headers: { ...response.headers, 'content-type': contentType } },
  };
}

describe('automatic contract checks', () => {
  it('response_received: passes a response, fails a timeout', () => {
    expect(failures(verdictOf(responseReceived, answer('GetKey', 200, KEY), undefined))).toEqual([]);
    const { response: _none, ...rest } = answer('GetKey', 200, KEY);
    const timedOut: Exchange = {
      ...rest,
      failure: { kind: 'timeout', message: 'no answer within 30000 ms' },
    };
    expect(failures(verdictOf(responseReceived, timedOut, undefined))[0]?.message).toMatch(/timeout/);
  });

  it('response_received: fails a status line whose body then failed (both response and failure present)', () => {
    const truncated: Exchange = {
      ...answer('GetKey', 200, KEY),
      failure: { kind: 'too-large', message: 'body exceeds 1048576 bytes' },
    };
    expect(failures(verdictOf(responseReceived, truncated, undefined))[0]?.message).toMatch(/too-large/);
  });

  it('not_a_server_error: passes a 4xx, fails a 500 citing the responses', () => {
    expect(failures(verdictOf(notAServerError, answer('GetKey', 404, ERROR), undefined))).toEqual([]);
    expect(failures(verdictOf(notAServerError, answer('GetKey', 500, ERROR), undefined))).toEqual([
      { message: 'answered 500', pointer: '#/paths/~1keys~1{keyId}/get/responses' },
    ]);
  });

  it('status_code_documented: passes 200, fails 201 on CreateKey', () => {
    expect(failures(verdictOf(statusCodeDocumented, answer('CreateKey', 200, KEY), undefined))).toEqual([]);
    expect(
      failures(verdictOf(statusCodeDocumented, answer('CreateKey', 201, KEY), undefined))[0]?.pointer,
    ).toBe('#/paths/~1keys/post/responses');
  });

  it('status_code_documented: leaves a documented status with a wrong body to the schema check', () => {
    const { custodial: _c, ...broken } = KEY;
    expect(failures(verdictOf(statusCodeDocumented, answer('CreateKey', 200, broken), undefined))).toEqual(
      [],
    );
  });

  it('content_type_conformance: passes application/json; charset=utf-8, fails text/plain', () => {
    const ok = withContentType(answer('GetKey', 200, KEY), 'application/json; charset=utf-8');
    expect(failures(verdictOf(contentTypeConformance, ok, undefined))).toEqual([]);
    const bad = withContentType(answer('GetKey', 200, KEY), 'text/plain');
    expect(failures(verdictOf(contentTypeConformance, bad, undefined))).toHaveLength(1);
  });

  it('content_type_conformance: fails a body announced as JSON that is not JSON', () => {
    const answered = answer('GetKey', 200, KEY);
    const garbled: Exchange = {
      ...answered,
      response: { ...answered.response!, body: 'not json', parsed: undefined },
    };
    expect(failures(verdictOf(contentTypeConformance, garbled, undefined))[0]?.message).toMatch(
      /is not JSON/,
    );
  });

  it('response_schema_conformance: passes a Key, fails one without custodial at the required rule', () => {
    expect(failures(verdictOf(responseSchemaConformance, answer('CreateKey', 200, KEY), undefined))).toEqual(
      [],
    );
    const { custodial: _c, ...broken } = KEY;
    expect(
      failures(verdictOf(responseSchemaConformance, answer('CreateKey', 200, broken), undefined))[0]?.pointer,
    ).toBe('#/components/schemas/Key/required');
  });

  it('response_schema_conformance: does not judge error responses', () => {
    expect(verdictOf(responseSchemaConformance, answer('CreateKey', 400, ERROR), undefined)).toBe(
      'not-applicable',
    );
  });

  it('error_body_conformance: does not judge success responses', () => {
    const { custodial: _c, ...broken } = KEY;
    expect(verdictOf(errorBodyConformance, answer('CreateKey', 200, broken), undefined)).toBe(
      'not-applicable',
    );
  });

  it('error_body_conformance: passes {error:{message}}, fails a top-level message', () => {
    expect(failures(verdictOf(errorBodyConformance, answer('GetKey', 404, ERROR), undefined))).toEqual([]);
    expect(
      failures(verdictOf(errorBodyConformance, answer('GetKey', 404, { message: 'no' }), undefined)).length,
    ).toBeGreaterThan(0);
  });
});

describe('auth checks', () => {
  it('auth_required: passes 401, fails 200 as critical, and 403 as medium', () => {
    expect(failures(verdictOf(authRequired, answer('GetKey', 401, ERROR), { sent: 'none' }))).toEqual([]);
    expect(
      failures(verdictOf(authRequired, answer('GetKey', 200, KEY), { sent: 'none' }))[0]?.message,
    ).toMatch(/with no bearer token/);
    expect(failures(verdictOf(authRequired, answer('GetKey', 200, KEY), { sent: 'none' }))[0]?.pointer).toBe(
      '#/paths/~1keys~1{keyId}/get/security',
    );
    expect(
      failures(verdictOf(authRequired, answer('GetKey', 403, ERROR), { sent: 'wrong' }))[0],
    ).toMatchObject({
      severity: 'medium',
    });
  });

  it.each([200, 201, 204, 299])('auth_required: any 2xx (%i) is the critical finding', (status) => {
    const result = failures(verdictOf(authRequired, answer('GetKey', status, KEY), { sent: 'none' }));
    expect(result.map((f) => [f.message, f.severity])).toEqual([
      [`answered ${status} with no bearer token`, undefined],
    ]);
  });

  it.each([
    ['user_action_required', userActionRequired, 'missing'],
    ['user_action_single_use', userActionSingleUse, 'reused'],
    ['user_action_bound', userActionBound, 'other-body'],
  ] as const)('%s: a refusal other than 400/401/403 (404) is a medium finding', (_id, check, defect) => {
    const result = failures(verdictOf(check, answer('UpdateKey', 404, ERROR), { defect }));
    expect(result.map((f) => f.severity)).toEqual(['medium']);
  });

  it.each([
    ['user_action_required', userActionRequired, 'missing'],
    ['user_action_single_use', userActionSingleUse, 'reused'],
    ['user_action_bound', userActionBound, 'other-body'],
  ] as const)('%s: passes 403 and 400, fails a 200', (_id, check, defect) => {
    expect(failures(verdictOf(check, answer('UpdateKey', 403, ERROR), { defect }))).toEqual([]);
    expect(failures(verdictOf(check, answer('UpdateKey', 400, ERROR), { defect }))).toEqual([]);
    expect(failures(verdictOf(check, answer('UpdateKey', 200, KEY), { defect }))[0]?.message).toMatch(
      /^accepted a call/,
    );
  });
});

describe('data checks', () => {
  const invalid = {
    description: 'CreateKeyBody.name: maxLength+1',
    rule: '#/components/schemas/CreateKeyBody/properties/name/maxLength',
  };

  it('negative_data_rejected: passes a 400, fails a 200 citing the broken rule, and a 500', () => {
    expect(failures(verdictOf(negativeDataRejected, answer('CreateKey', 400, ERROR), invalid))).toEqual([]);
    expect(
      failures(verdictOf(negativeDataRejected, answer('CreateKey', 200, KEY), invalid))[0]?.pointer,
    ).toBe(invalid.rule);
    expect(failures(verdictOf(negativeDataRejected, answer('CreateKey', 500, ERROR), invalid))).toHaveLength(
      1,
    );
  });

  it('negative_data_rejected: names the subject the input was an instance of', () => {
    const pair = { ...invalid, description: 'EdDSA/stark is not a valid key format', subject: 'EdDSA/stark' };
    expect(failures(verdictOf(negativeDataRejected, answer('CreateKey', 200, KEY), pair))[0]?.subject).toBe(
      'EdDSA/stark',
    );
  });

  it('negative_data_rejected: with an expected status, fails another 4xx as medium', () => {
    const unknownId = {
      description: 'unknown key',
      rule: '#/paths/~1keys~1{keyId}/get/responses/404',
      expectedStatus: 404,
    };
    expect(failures(verdictOf(negativeDataRejected, answer('GetKey', 404, ERROR), unknownId))).toEqual([]);
    expect(
      failures(verdictOf(negativeDataRejected, answer('GetKey', 400, ERROR), unknownId))[0],
    ).toMatchObject({ severity: 'medium' });
  });

  it('positive_data_accepted: passes a 200, fails a 400', () => {
    expect(
      failures(verdictOf(positiveDataAccepted, answer('CreateKey', 200, KEY), { description: 'valid' })),
    ).toEqual([]);
    expect(
      failures(verdictOf(positiveDataAccepted, answer('CreateKey', 400, ERROR), { description: 'valid' })),
    ).toHaveLength(1);
  });

  it('positive_data_accepted: allows a fuzzed refusal only when the error says why', () => {
    const fuzzed = { description: 'fuzzed', semanticRefusalAllowed: true };
    expect(failures(verdictOf(positiveDataAccepted, answer('CreateKey', 404, ERROR), fuzzed))).toEqual([]);
    expect(
      failures(
        verdictOf(positiveDataAccepted, answer('CreateKey', 400, { error: { message: ' ' } }), fuzzed),
      ),
    ).toHaveLength(1);
    expect(failures(verdictOf(positiveDataAccepted, answer('CreateKey', 500, ERROR), fuzzed))).toHaveLength(
      1,
    );
  });

  it('positive_data_accepted: refuses a 404 when the path names only resources that exist', () => {
    const found = {
      description: 'schema-drawn',
      semanticRefusalAllowed: true,
      notRefusedWith: RESOURCES_EXIST,
    };
    expect(
      failures(verdictOf(positiveDataAccepted, answer('DelegateKey', 404, ERROR), found)).map(
        (f) => f.message,
      ),
    ).toEqual([expect.stringMatching(/^answered 404 .*, though its path names only resources that exist$/)]);
  });

  it('positive_data_accepted: still passes a stated 4xx other than 404 when the resources exist', () => {
    const found = {
      description: 'schema-drawn',
      semanticRefusalAllowed: true,
      notRefusedWith: RESOURCES_EXIST,
    };
    expect(failures(verdictOf(positiveDataAccepted, answer('DelegateKey', 409, ERROR), found))).toEqual([]);
    expect(failures(verdictOf(positiveDataAccepted, answer('DelegateKey', 200, {}), found))).toEqual([]);
  });
});

describe('lifecycle checks', () => {
  it('use_after_delete (sign): passes a 400, fails a 200', () => {
    const expectation = { keyId: KEY.id, action: 'sign' as const };
    expect(failures(verdictOf(useAfterDelete, answer('GenerateSignature', 400, ERROR), expectation))).toEqual(
      [],
    );
    expect(
      failures(verdictOf(useAfterDelete, answer('GenerateSignature', 200, {}), expectation))[0]?.message,
    ).toMatch(/signed with deleted key/);
  });

  it('use_after_delete (sign): a 5xx is no refusal (medium)', () => {
    const expectation = { keyId: KEY.id, action: 'sign' as const };
    expect(
      failures(verdictOf(useAfterDelete, answer('GenerateSignature', 500, ERROR), expectation)).map(
        (f) => f.severity,
      ),
    ).toEqual(['medium']);
  });

  it.each([
    ['readable as Archived expected: one finding', true, 1],
    ['404 expected: none', false, 0],
    ['the hypothesis unset (404 expected): none', undefined, 0],
  ])('use_after_delete (read): a 404 with %s', (_what, stillReadable, count) => {
    const expectation = { keyId: KEY.id, action: 'read' as const, stillReadable };
    expect(failures(verdictOf(useAfterDelete, answer('GetKey', 404, ERROR), expectation))).toHaveLength(
      count,
    );
  });

  it('use_after_delete (read): fails a key read back with no status', () => {
    const { status: _s, ...noStatus } = KEY;
    const expectation = { keyId: KEY.id, action: 'read' as const, stillReadable: true };
    expect(failures(verdictOf(useAfterDelete, answer('GetKey', 200, noStatus), expectation))).toHaveLength(1);
  });

  it('use_after_delete (read): passes Archived, fails Active', () => {
    const expectation = { keyId: KEY.id, action: 'read' as const, stillReadable: true };
    expect(
      failures(verdictOf(useAfterDelete, answer('GetKey', 200, { ...KEY, status: 'Archived' }), expectation)),
    ).toEqual([]);
    expect(failures(verdictOf(useAfterDelete, answer('GetKey', 200, KEY), expectation))[0]?.pointer).toBe(
      '#/components/schemas/Key/properties/status',
    );
  });

  it('resource_availability: passes the key as created, fails a changed publicKey', () => {
    expect(failures(verdictOf(resourceAvailability, answer('GetKey', 200, KEY), { created: KEY }))).toEqual(
      [],
    );
    const changed = { ...KEY, publicKey: '02'.padEnd(66, '1') };
    expect(
      failures(verdictOf(resourceAvailability, answer('GetKey', 200, changed), { created: KEY }))[0]?.pointer,
    ).toBe('#/components/schemas/Key/properties/publicKey');
  });

  it('resource_availability: fails a GetKey answered 201 (GetKey answers 200)', () => {
    expect(
      failures(verdictOf(resourceAvailability, answer('GetKey', 201, KEY), { created: KEY })),
    ).toHaveLength(1);
  });

  it.each([
    ['the name cleared to "": passes', { ...KEY, name: '' }, 0],
    ['the name absent: passes', (({ name: _n, ...k }) => k)(KEY), 0],
    ['the old name kept: fails', KEY, 1],
  ])('update_scoped: clearing the name (null), %s', (_what, after, count) => {
    expect(
      failures(verdictOf(updateScoped, answer('UpdateKey', 200, after), { before: KEY, name: null })),
    ).toHaveLength(count);
  });

  it('update_scoped: fails a rename that changes status, a Key field outside the stable ones', () => {
    const archived = { ...KEY, name: 'b', status: 'Archived' };
    expect(
      failures(verdictOf(updateScoped, answer('UpdateKey', 200, archived), { before: KEY, name: 'b' })).map(
        (f) => f.pointer,
      ),
    ).toEqual(['#/components/schemas/Key/properties/status']);
  });

  it('update_scoped: passes a rename, fails a rename that resets custodial', () => {
    const renamed = { ...KEY, name: 'b' };
    expect(
      failures(verdictOf(updateScoped, answer('UpdateKey', 200, renamed), { before: KEY, name: 'b' })),
    ).toEqual([]);
    const reset = { ...renamed, custodial: false };
    expect(
      failures(verdictOf(updateScoped, answer('UpdateKey', 200, reset), { before: KEY, name: 'b' }))[0]
        ?.pointer,
    ).toBe('#/components/schemas/Key/properties/custodial');
  });

  it('update_scoped: ignores the KeyDetails-only fields of a GetKey', () => {
    const details = { ...KEY, name: 'b', wallets: [], store: { id: 's', kind: 'Mpc', keyId: KEY.id } };
    expect(
      failures(verdictOf(updateScoped, answer('GetKey', 200, details), { before: KEY, name: 'b' })),
    ).toEqual([]);
  });

  it('delegation_rules: fails a refusal (409) of a delegation that is allowed, as high', () => {
    const allowed = { keyId: KEY.id, allowed: true, reason: 'created with delayDelegation' };
    expect(
      failures(verdictOf(delegationRules, answer('DelegateKey', 409, ERROR), allowed)).map((f) => f.severity),
    ).toEqual(['high']);
  });

  it('resource_availability: fails a key read back under another id', () => {
    const other = { ...KEY, id: 'key-zzzzz-zzzzz-zzzzzzzzzzzzzzzz' };
    expect(
      failures(verdictOf(resourceAvailability, answer('GetKey', 200, other), { created: KEY })).map(
        (f) => f.pointer,
      ),
    ).toEqual(['#/components/schemas/Key/properties/id']);
  });

  it('delegation_rules: passes a refusal when not allowed, fails a 200', () => {
    const forbidden = { keyId: KEY.id, allowed: false, reason: 'no delayDelegation' };
    expect(failures(verdictOf(delegationRules, answer('DelegateKey', 400, ERROR), forbidden))).toEqual([]);
    expect(
      failures(
        verdictOf(
          delegationRules,
          answer('DelegateKey', 200, { keyId: KEY.id, status: 'Delegated' }),
          forbidden,
        ),
      ),
    ).toHaveLength(1);
  });
});

describe('idempotency and pagination', () => {
  const first = 'sig-aaaaa-bbbbb-cccccccccccccccc';

  it('idempotent_replay (same body): passes the first request back, fails a new one', () => {
    const expectation = { firstId: first, externalId: 'e', sameBody: true };
    expect(
      failures(verdictOf(idempotentReplay, answer('GenerateSignature', 200, { id: first }), expectation)),
    ).toEqual([]);
    expect(
      failures(
        verdictOf(idempotentReplay, answer('GenerateSignature', 200, { id: 'sig-other' }), expectation),
      )[0],
    ).toMatchObject({
      severity: 'critical',
    });
  });

  it('idempotent_replay (same body): fails a replay refused with a 4xx', () => {
    const expectation = { firstId: first, externalId: 'e', sameBody: true };
    expect(
      failures(verdictOf(idempotentReplay, answer('GenerateSignature', 409, ERROR), expectation))[0]?.message,
    ).toMatch(/to a replay of externalId e/);
  });

  it('idempotent_replay (other body): a new request signed for it is critical', () => {
    const expectation = { firstId: first, externalId: 'e', sameBody: false };
    expect(
      failures(verdictOf(idempotentReplay, answer('GenerateSignature', 200, { id: 'x' }), expectation)).map(
        (f) => f.severity,
      ),
    ).toEqual(['critical']);
  });

  it('idempotent_replay (other body): passes a 409 naming the duplicate, fails a 409 that does not', () => {
    const expectation = { firstId: first, externalId: 'e', sameBody: false };
    const named = { error: { message: 'dup', details: { duplicate: { id: first, externalId: 'e' } } } };
    expect(
      failures(verdictOf(idempotentReplay, answer('GenerateSignature', 409, named), expectation)),
    ).toEqual([]);
    expect(
      failures(verdictOf(idempotentReplay, answer('GenerateSignature', 409, ERROR), expectation)),
    ).toHaveLength(1);
    expect(
      failures(verdictOf(idempotentReplay, answer('GenerateSignature', 200, { id: 'x' }), expectation)),
    ).toHaveLength(1);
  });

  it('idempotent_replay (other body): fails a 409 naming another request, and a 400 instead of 409', () => {
    const expectation = { firstId: first, externalId: 'e', sameBody: false };
    const wrong = { error: { message: 'dup', details: { duplicate: { id: 'sig-other', externalId: 'e' } } } };
    expect(
      failures(verdictOf(idempotentReplay, answer('GenerateSignature', 409, wrong), expectation)),
    ).toHaveLength(1);
    expect(
      failures(verdictOf(idempotentReplay, answer('GenerateSignature', 400, ERROR), expectation))[0]?.message,
    ).toMatch(/expected 409/);
  });

  const pointer = '#/components/schemas/ListKeysResponse/properties/items';
  const walk = (...pages: string[][]) =>
    pages.map((ids, i) => ({
      items: ids.map((id) => ({ id })),
      ...(i < pages.length - 1 ? { nextPageToken: `t${i}` } : {}),
    }));

  it('pagination_consistent: passes a walk that returns each id once', () => {
    expect(
      paginationFailures(walk(['a'], ['b'], ['c']), {
        limit: 1,
        mustContain: ['a', 'c'],
        reachedEnd: true,
        listPointer: pointer,
      }),
    ).toEqual([]);
  });

  it('pagination_consistent: fails a repeated id, a dropped id and an oversized page', () => {
    const found = paginationFailures(walk(['a', 'b'], ['b', 'c', 'd']), {
      limit: 2,
      mustContain: ['a', 'e'],
      reachedEnd: true,
      listPointer: pointer,
    }).map((f) => f.message);
    expect(found).toEqual([
      'page 2 has 3 items with limit=2',
      'b appears on page 1 and again on page 2',
      'walking every page with limit=2 never returned e',
    ]);
  });

  it('pagination_consistent: fails an empty page that carries a nextPageToken', () => {
    const pages = [
      { items: [{ id: 'a' }], nextPageToken: 't0' },
      { items: [], nextPageToken: 't1' },
    ];
    const found = paginationFailures(pages, {
      limit: 1,
      mustContain: [],
      reachedEnd: false,
      listPointer: pointer,
    });
    expect(found.map((f) => f.message)).toEqual(['page 2 is empty yet carries a nextPageToken']);
  });

  it('pagination_consistent: passes a list that is empty from the start (one empty page)', () => {
    expect(
      paginationFailures(walk([]), { limit: 1, mustContain: [], reachedEnd: true, listPointer: pointer }),
    ).toEqual([]);
  });

  it('pagination_consistent: does not report missing ids of a walk that stopped before the end', () => {
    expect(
      paginationFailures(walk(['a'], ['b']), {
        limit: 1,
        mustContain: ['z'],
        reachedEnd: false,
        listPointer: pointer,
      }),
    ).toEqual([]);
  });

  it('pagination_consistent: items without an id are not one item seen twice, and do not stop the walk', () => {
    const nothing = null as unknown as Record<string, unknown>;
    const pages = [
      { items: [{ name: 'a' }, { id: null }, { id: 'x' }], nextPageToken: 't0' },
      { items: [nothing, { id: null }, { name: 'b' }, { id: 'x' }] },
    ];
    expect(
      paginationFailures(pages, { limit: 4, mustContain: ['x'], reachedEnd: true, listPointer: pointer }).map(
        (f) => f.message,
      ),
    ).toEqual(['x appears on page 1 and again on page 2']);
  });

  it('pagination_consistent: names the page an id first appeared on, for every repeat', () => {
    const found = paginationFailures(walk(['b'], ['b'], ['b']), {
      limit: 1,
      mustContain: [],
      reachedEnd: true,
      listPointer: pointer,
    }).map((f) => f.message);
    expect(found).toEqual([
      'b appears on page 1 and again on page 2',
      'b appears on page 1 and again on page 3',
    ]);
  });
});

describe('an answer whose body was cut (reset mid-body): response_received reports it, and nothing reads the cut body', () => {
  const cut = (exchange: Exchange): Exchange => {
    const { parsed: _whole, ...response } = exchange.response!;
    return {
      ...exchange,
      response: { ...response, body: response.body.slice(0, 20) },
      failure: { kind: 'network', message: 'UND_ERR_SOCKET: other side closed' },
    };
  };
  const cutKey = cut(answer('GetKey', 200, KEY));

  it('response_received: fails it', () => {
    expect(failures(verdictOf(responseReceived, cutKey, undefined))[0]?.message).toMatch(/other side closed/);
  });

  it('content_type_conformance: does not call the cut body of a JSON answer "not JSON"', () => {
    expect(failures(verdictOf(contentTypeConformance, cutKey, undefined))).toEqual([]);
  });

  it('response_schema_conformance: passes no judgement on the cut body of a 200', () => {
    expect(verdictOf(responseSchemaConformance, cutKey, undefined)).toBe('not-applicable');
  });

  it('error_body_conformance: passes no judgement on the cut body of a 404', () => {
    expect(verdictOf(errorBodyConformance, cut(answer('GetKey', 404, ERROR)), undefined)).toBe(
      'not-applicable',
    );
  });

  it('resource_availability: passes no judgement, where it read every field as changed to undefined', () => {
    expect(verdictOf(resourceAvailability, cutKey, { created: KEY })).toBe('not-applicable');
  });

  it('update_scoped: passes no judgement on the cut body of the rename', () => {
    const renamed = cut(answer('UpdateKey', 200, { ...KEY, name: 'b' }));
    expect(verdictOf(updateScoped, renamed, { before: KEY, name: 'b' })).toBe('not-applicable');
  });

  it('content_type_conformance: still fails a wrong Content-Type, which arrived whole with the status line', () => {
    expect(
      failures(verdictOf(contentTypeConformance, withContentType(cutKey, 'text/plain'), undefined)),
    ).not.toEqual([]);
  });

  it('status_code_documented: still judges the status, which arrived whole', () => {
    expect(
      failures(verdictOf(statusCodeDocumented, cut(answer('CreateKey', 201, KEY)), undefined)),
    ).not.toEqual([]);
  });
});
