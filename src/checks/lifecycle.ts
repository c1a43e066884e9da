import type { Contract } from '../contract/index.ts';
import type { Check, CheckFailure } from './check.ts';
import { PASS, bodyIncomplete, isSuccess } from './check.ts';
import { answered, responseObject } from './body.ts';

/** What the key lifecycle promises: deleted keys stay deleted, created keys can be read, updates touch only the name, delegation follows its rules. */

export interface AfterDelete {
  readonly keyId: string;
  /** `sign`: a signature was requested; `read`: GetKey after the delete. */
  readonly action: 'sign' | 'read';
  /** For `read`: must GetKey still answer (with Archived), or is 404 expected? (profile hypothesis) */
  readonly stillReadable?: boolean;
}

const KEY_STATUS = '#/components/schemas/Key/properties/status';

export const useAfterDelete: Check<AfterDelete> = {
  id: 'use_after_delete',
  severity: 'critical',
  rationale:
    'A deleted key "becomes unusable": a target that still signs with it, or shows it Active, keeps alive a key its owner retired.',
  run(exchange, _context, expectation) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    if (expectation.action === 'sign') {
      if (isSuccess(status)) {
        return [{ message: `signed with deleted key ${expectation.keyId} (${answered(exchange)})` }];
      }
      return status >= 400 && status < 500
        ? PASS
        : [
            {
              message: `${answered(exchange)} to a signature on a deleted key; expected a 4xx`,
              severity: 'medium',
            },
          ];
    }
    if (status === 404) {
      return expectation.stillReadable === true
        ? [
            {
              message: `GetKey answered 404 for deleted key ${expectation.keyId}; the profile expects it readable as Archived`,
              severity: 'medium',
            },
          ]
        : PASS;
    }
    const keyStatus = responseObject(exchange)?.status;
    if (status === 200 && keyStatus !== 'Archived') {
      return [
        {
          message: `deleted key ${expectation.keyId} reads back with status ${String(keyStatus)}`,
          pointer: KEY_STATUS,
        },
      ];
    }
    return PASS;
  },
};

/** The fields a read must give back as they were created. */
const STABLE_FIELDS = ['id', 'scheme', 'curve', 'publicKey', 'custodial', 'imported', 'dateCreated'] as const;

export interface Available {
  /** The key as CreateKey (or ImportKey) returned it. */
  readonly created: Readonly<Record<string, unknown>>;
}

export const resourceAvailability: Check<Available> = {
  id: 'resource_availability',
  severity: 'high',
  rationale:
    'What was created must be readable, and read back as it was created: a key whose public key or scheme changes between calls cannot be trusted with funds.',
  run(exchange, _context, { created }) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    if (status !== 200)
      return [{ message: `${answered(exchange)} for key ${String(created.id)} it had just created` }];
    if (bodyIncomplete(exchange)) return 'not-applicable';
    const read = responseObject(exchange) ?? {};
    return differences(created, read, STABLE_FIELDS, `key ${String(created.id)}`);
  },
};

export interface Update {
  readonly before: Readonly<Record<string, unknown>>;
  /** The name sent (null clears it). */
  readonly name: string | null;
}

export const updateScoped: Check<Update> = {
  id: 'update_scoped',
  severity: 'high',
  rationale:
    'UpdateKey changes the name and nothing else: a rename must not touch custody, status or key material.',
  run(exchange, context, { before, name }) {
    const status = exchange.response?.status;
    if (status === undefined || !isSuccess(status)) return 'not-applicable';
    if (bodyIncomplete(exchange)) return 'not-applicable';
    const after = responseObject(exchange) ?? {};
    const failures: CheckFailure[] = [];
    const expectedName = name ?? undefined;
    if (after.name !== expectedName && !(name === null && (after.name === '' || after.name === null))) {
      failures.push({
        message: `name is ${JSON.stringify(after.name)} after UpdateKey set ${JSON.stringify(name)}`,
        pointer: '#/components/schemas/Key/properties/name',
      });
    }
    // Only the Key's own fields: GetKey answers KeyDetails, whose extra fields (wallets, store) a
    // rename has nothing to do with.
    const fields = keyFields(context.contract).filter((f) => f !== 'name');
    failures.push(...differences(before, after, fields, `UpdateKey on ${String(before.id)}`));
    return failures;
  },
};

export interface Delegation {
  readonly keyId: string;
  /** Whether the key was created with delayDelegation: true and not yet delegated. */
  readonly allowed: boolean;
  readonly reason: string;
}

export const delegationRules: Check<Delegation> = {
  id: 'delegation_rules',
  severity: 'critical',
  rationale:
    'Delegation hands a key to an end user irreversibly; it is allowed only for keys created with delayDelegation, and only once.',
  run(exchange, _context, { allowed, reason, keyId }) {
    const status = exchange.response?.status;
    if (status === undefined) return 'not-applicable';
    if (allowed) {
      return isSuccess(status)
        ? PASS
        : [
            {
              message: `${answered(exchange)} to a delegation that is allowed (${reason})`,
              severity: 'high',
            },
          ];
    }
    if (isSuccess(status)) return [{ message: `delegated key ${keyId} although ${reason}` }];
    return PASS;
  },
};

const KEY_SCHEMA = '#/components/schemas/Key';

function keyFields(contract: Contract): string[] {
  const schema = contract.resolveSchema(KEY_SCHEMA);
  const properties = typeof schema === 'object' ? schema.properties : undefined;
  return properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
}

function differences(
  expected: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
  fields: readonly string[],
  what: string,
): CheckFailure[] {
  return fields
    .filter((field) => JSON.stringify(expected[field]) !== JSON.stringify(actual[field]))
    .map((field) => ({
      message: `${what}: ${field} was ${JSON.stringify(expected[field])}, now ${JSON.stringify(actual[field])}`,
      pointer: `#/components/schemas/Key/properties/${field}`,
      evidence: { field, expected: expected[field] ?? null, actual: actual[field] ?? null },
    }));
}
