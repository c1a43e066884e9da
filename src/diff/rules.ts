import type { ChangeClass, Side } from './change.ts';

/**
 * The classification table. Every change kind the diff can emit is listed here with its class and the
 * reason for it; src/diff/README.md states the same table for people (a test keeps them in step).
 *
 * Schema kinds are suffixes: the emitted id is `request-<suffix>` (request bodies and parameters: the
 * client writes the value, the server reads it) or `response-<suffix>` (the server writes, the client
 * reads). Most follow from one question: did the set of valid values shrink (tightened), grow (loosened),
 * neither (incomparable), or can the tool not tell (undecided: two regular expressions)?
 */
export type Effect = 'tightened' | 'loosened' | 'incomparable' | 'undecided';

export interface ClassRule {
  readonly class: ChangeClass;
  readonly why: string;
  /**
   * Why old servers no longer conform either, for a breaking-client change that also breaks them: the new
   * contract forbids requests they still accept (the suite's negative tests send exactly those).
   */
  readonly alsoBreaksServers?: string;
}

export interface SchemaRule {
  readonly request: ClassRule;
  readonly response: ClassRule;
  /**
   * Overrides for when the object that decides forbids properties it does not name
   * (`additionalProperties` or `unevaluatedProperties` false): OLD's object for an addition, NEW's for a removal.
   */
  readonly whenClosed?: Partial<Readonly<Record<Side, ClassRule>>>;
  /**
   * Merged over the rule chosen so far when OLD required the property that was removed: old servers still
   * demand it, which no closed or open object changes.
   */
  readonly whenRequired?: Partial<Readonly<Record<Side, Partial<ClassRule>>>>;
}

/** An operation-level rule; `whenRequired` is merged over it when OLD required the item that was removed. */
export interface OperationRule extends ClassRule {
  readonly whenRequired?: Partial<ClassRule>;
}

// Removing a required item is at least as breaking for servers as making it optional: old servers still
// reject requests without it.
const OLD_SERVERS_DEMAND_IT = 'old servers still demand it, so they reject requests without it';

const EFFECT_RULES: Readonly<Record<Effect, SchemaRule>> = {
  tightened: {
    request: {
      class: 'breaking-client',
      why: 'requests valid under the old contract may now be rejected',
      alsoBreaksServers: 'old servers still accept requests the new contract forbids',
    },
    response: {
      class: 'breaking-server',
      why: 'servers built to the old contract may send responses the new one forbids',
    },
  },
  loosened: {
    request: {
      class: 'breaking-server',
      why: 'servers built to the old contract may reject requests the new one allows',
    },
    response: {
      class: 'breaking-client',
      why: 'clients built to the old contract may receive values they do not expect',
    },
  },
  incomparable: {
    request: {
      class: 'breaking-client',
      why: 'neither value set contains the other: old requests may be rejected (and old servers may reject new ones)',
      alsoBreaksServers:
        'old servers still accept requests the new contract forbids and reject some it allows',
    },
    response: {
      class: 'breaking-client',
      why: 'neither value set contains the other: old clients may receive unexpected values',
      alsoBreaksServers: 'old servers may send values the new contract forbids',
    },
  },
  undecided: {
    request: {
      class: 'breaking-client',
      why: 'cannot tell whether one pattern admits all the values of the other: old requests may be rejected',
      alsoBreaksServers: 'old servers may accept requests the new contract forbids and reject some it allows',
    },
    response: {
      class: 'breaking-client',
      why: 'cannot tell whether one pattern admits all the values of the other: old clients may receive unexpected values',
      alsoBreaksServers: 'old servers may send values the new contract forbids',
    },
  },
};

const BOUND_KINDS = ['min-length', 'min-items', 'min-properties', 'minimum'] as const;
const UPPER_BOUND_KINDS = ['max-length', 'max-items', 'max-properties', 'maximum'] as const;

const BY_EFFECT: Readonly<Record<Effect, readonly string[]>> = {
  tightened: [
    'type-narrowed',
    'enum-narrowed',
    'pattern-added',
    'format-added',
    ...BOUND_KINDS.flatMap((k) => [`${k}-added`, `${k}-increased`]),
    ...UPPER_BOUND_KINDS.flatMap((k) => [`${k}-added`, `${k}-decreased`]),
    'multiple-of-added',
    'multiple-of-narrowed',
    'unique-items-added',
    'additional-properties-closed',
    'unevaluated-properties-closed',
    'one-of-branch-removed',
    'any-of-branch-removed',
    'property-became-required',
  ],
  loosened: [
    'type-widened',
    'enum-widened',
    'pattern-removed',
    'format-removed',
    ...BOUND_KINDS.flatMap((k) => [`${k}-removed`, `${k}-decreased`]),
    ...UPPER_BOUND_KINDS.flatMap((k) => [`${k}-removed`, `${k}-increased`]),
    'multiple-of-removed',
    'multiple-of-widened',
    'unique-items-removed',
    'additional-properties-opened',
    'unevaluated-properties-opened',
    'one-of-branch-added',
    'any-of-branch-added',
  ],
  incomparable: ['type-changed', 'format-changed', 'multiple-of-changed'],
  undecided: ['pattern-changed'],
};

// Kinds whose class does not follow from tightened/loosened alone: adding or removing a property changes
// what one side must send, not only what the other may accept.
const STRUCTURAL_RULES: Readonly<Record<string, SchemaRule>> = {
  'required-property-added': {
    request: {
      class: 'breaking-client',
      why: 'old clients do not send it, so their requests are rejected',
      alsoBreaksServers: 'old servers still accept requests without it',
    },
    response: {
      class: 'breaking-server',
      why: 'old servers do not send it, so their responses do not conform',
    },
  },
  'optional-property-added': {
    request: {
      class: 'breaking-server',
      why: 'old servers accept it but ignore it instead of honouring it (the old object allows unknown properties)',
    },
    response: { class: 'non-breaking', why: 'old clients ignore a field they do not know' },
    whenClosed: {
      request: {
        class: 'breaking-server',
        why: 'old servers reject requests that carry it (the old object forbids unknown properties)',
      },
      response: {
        class: 'breaking-client',
        why: 'old clients that validate reject responses that carry it (the old object forbids unknown properties)',
      },
    },
  },
  'property-removed': {
    request: {
      class: 'breaking-client',
      why: 'new servers ignore it where old clients expect it honoured (the new object allows unknown properties)',
    },
    response: { class: 'breaking-client', why: 'old clients that read it no longer get it' },
    whenClosed: {
      request: {
        class: 'breaking-client',
        why: 'old clients that send it are rejected (the new object forbids unknown properties)',
        alsoBreaksServers: 'old servers still accept requests that carry it',
      },
      response: {
        class: 'breaking-client',
        why: 'old clients that read it no longer get it',
        alsoBreaksServers:
          'old servers that still send it violate the new contract (the new object forbids unknown properties)',
      },
    },
    whenRequired: { request: { alsoBreaksServers: OLD_SERVERS_DEMAND_IT } },
  },
  // Loosened, but what an old client meets is a missing field, not an unexpected value.
  'property-became-optional': {
    request: { class: 'breaking-server', why: 'old servers reject requests that omit it' },
    response: { class: 'breaking-client', why: 'old clients that read it may find it absent' },
  },
  'default-changed': {
    request: {
      class: 'breaking-client',
      why: 'old clients that omit the value now get a different behaviour',
    },
    response: { class: 'non-breaking', why: 'a default in a response is documentation only' },
  },
  // The server now picks what it likes (removed), or one it need not have picked before (added).
  'default-removed': {
    request: {
      class: 'breaking-client',
      why: 'old clients that omit the value relied on a default the server no longer promises',
    },
    response: { class: 'non-breaking', why: 'a default in a response is documentation only' },
  },
  'default-added': {
    request: {
      class: 'breaking-client',
      why: 'old clients that omit the value may now get a different behaviour',
    },
    response: { class: 'non-breaking', why: 'a default in a response is documentation only' },
  },
};

/** Every schema-change suffix with its rule. */
export const SCHEMA_RULES: Readonly<Record<string, SchemaRule>> = Object.freeze({
  ...Object.fromEntries(
    (Object.keys(BY_EFFECT) as Effect[]).flatMap((effect) =>
      BY_EFFECT[effect].map((kind) => [kind, EFFECT_RULES[effect]] as const),
    ),
  ),
  ...STRUCTURAL_RULES,
});

/** Every operation-level change id with its rule. */
export const OPERATION_RULES: Readonly<Record<string, OperationRule>> = Object.freeze({
  'operation-added': { class: 'breaking-server', why: 'servers built to the old contract lack it' },
  'operation-removed': { class: 'breaking-client', why: 'old clients that call it fail' },
  'operation-id-changed': {
    class: 'non-breaking',
    why: 'the operationId is not on the wire (generated SDK method names change)',
  },
  'operation-deprecated': { class: 'non-breaking', why: 'it still works; clients are told to move away' },
  'request-required-parameter-added': {
    class: 'breaking-client',
    why: 'old clients do not send it, so their requests are rejected',
    alsoBreaksServers: 'old servers still accept requests without it',
  },
  'request-optional-parameter-added': {
    class: 'breaking-server',
    why: 'old servers ignore or reject it instead of honouring it',
  },
  'request-parameter-removed': {
    class: 'breaking-client',
    why: 'old clients that send it are rejected or silently ignored',
    whenRequired: { alsoBreaksServers: OLD_SERVERS_DEMAND_IT },
  },
  'request-parameter-became-required': {
    class: 'breaking-client',
    why: 'old clients that omit it are rejected',
    alsoBreaksServers: 'old servers still accept requests without it',
  },
  'request-parameter-became-optional': {
    class: 'breaking-server',
    why: 'old servers reject requests that omit it',
  },
  'request-path-parameter-renamed': {
    class: 'non-breaking',
    why: 'a path parameter name is not on the wire (generated SDK argument names change)',
  },
  'request-required-body-added': {
    class: 'breaking-client',
    why: 'old clients send no body, so their requests are rejected',
    alsoBreaksServers: 'old servers still accept requests without a body',
  },
  'request-optional-body-added': {
    class: 'breaking-server',
    why: 'old servers ignore or reject a body instead of honouring it',
  },
  'request-body-removed': {
    class: 'breaking-client',
    why: 'old clients that send a body may be rejected',
    whenRequired: {
      alsoBreaksServers: 'old servers still demand a body, so they reject requests without one',
    },
  },
  'request-body-became-required': {
    class: 'breaking-client',
    why: 'old clients that send no body are rejected',
    alsoBreaksServers: 'old servers still accept requests without a body',
  },
  'request-body-became-optional': {
    class: 'breaking-server',
    why: 'old servers reject requests without a body',
  },
  'request-content-type-added': {
    class: 'breaking-server',
    why: 'old servers reject bodies in the new media type',
  },
  'request-content-type-removed': {
    class: 'breaking-client',
    why: 'old clients that send that media type are rejected',
    alsoBreaksServers: 'old servers still accept bodies in that media type',
  },
  'response-success-status-added': {
    class: 'breaking-client',
    why: 'old clients may receive a success status they do not handle',
  },
  'response-error-status-added': {
    class: 'non-breaking',
    why: 'every HTTP client must already handle unlisted errors; old servers never send it',
  },
  'response-success-status-removed': {
    class: 'breaking-server',
    why: 'old servers still send it, which the new contract does not document',
  },
  'response-error-status-removed': {
    class: 'breaking-server',
    why: 'old servers still send it, which the new contract does not document',
  },
  'response-content-type-added': {
    class: 'breaking-client',
    why: 'old clients may receive a media type they cannot read',
  },
  'response-content-type-removed': {
    class: 'breaking-server',
    why: 'old servers still send that media type, which the new contract does not document',
  },
  'security-scheme-added': {
    class: 'breaking-client',
    why: 'old clients do not send the new credential, so they are rejected',
  },
  'security-scheme-removed': {
    class: 'breaking-server',
    why: 'old servers still demand a credential new clients do not send',
  },
  'security-requirement-added': {
    class: 'breaking-server',
    why: 'old servers reject clients that authenticate the new way',
  },
  'security-requirement-removed': {
    class: 'breaking-client',
    why: 'old clients that authenticate that way are rejected',
  },
  'security-scope-added': {
    class: 'breaking-client',
    why: 'old clients holding only the old scopes are rejected',
  },
  'security-scope-removed': {
    class: 'breaking-server',
    why: 'old servers still demand a scope new clients may lack',
  },
  'security-scheme-definition-changed': {
    class: 'breaking-client',
    why: 'old clients send the credential the old way, where new servers do not look for it',
    alsoBreaksServers: 'old servers still expect it the old way, so they reject new clients',
  },
});

/** Every id the diff can emit, sorted. */
export const ALL_CHANGE_IDS: readonly string[] = [
  ...Object.keys(OPERATION_RULES),
  ...Object.keys(SCHEMA_RULES).flatMap((suffix) => [`request-${suffix}`, `response-${suffix}`]),
].sort();

/** What a few kinds depend on besides their side: whether the deciding object is closed, whether OLD required it. */
export interface RuleContext {
  readonly closed?: boolean;
  readonly wasRequired?: boolean;
}

/** The rule that classifies a schema change on one side. */
export function schemaRule(suffix: string, side: Side, context: RuleContext = {}): ClassRule {
  const rule = SCHEMA_RULES[suffix];
  if (rule === undefined) throw new Error(`no classification rule for schema change "${suffix}"`);
  const chosen = (context.closed === true ? rule.whenClosed?.[side] : undefined) ?? rule[side];
  const required = context.wasRequired === true ? rule.whenRequired?.[side] : undefined;
  return required ? { ...chosen, ...required } : chosen;
}

/** The rule that classifies an operation-level change; `wasRequired` matters only to kinds with `whenRequired`. */
export function operationRule(id: string, wasRequired = false): ClassRule {
  const rule = OPERATION_RULES[id];
  if (rule === undefined) throw new Error(`no classification rule for change "${id}"`);
  const { whenRequired, ...base } = rule;
  return wasRequired && whenRequired ? { ...base, ...whenRequired } : base;
}
