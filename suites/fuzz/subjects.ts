import fc from 'fast-check';
import type { TestContext } from 'vitest';
import {
  invalidBodyArbitrary,
  invalidParametersArbitrary,
  invalidSchemeCurvePairArbitrary,
  keyNamesFor,
  parametersArbitrary,
  validRequestFor,
  type Mutation,
  type RequestContext,
} from '../../generators/index.ts';
import { loadKnownKeys } from '../../fixtures/known-keys.ts';
import { isJsonObject, untaughtProperties } from '../../src/contract/index.ts';
import { requireCapability } from '../../src/harness/applicability.ts';
import type { Harness } from '../../src/harness/harness.ts';
import { formatFor, type KeyFormat } from '../../src/run/profile.ts';
import {
  abstractRequest,
  judgeFuzzRequest,
  sendFuzzRequest,
  type Bindings,
  type Expectation,
  type FuzzBody,
  type FuzzRequest,
  type KeySpec,
  type RequestReplayInput,
} from '../../src/run/replay-request.ts';
import {
  ASSERTION_STAND_INS,
  bindResources,
  freshChallenge,
  type ResourceNeeds,
} from '../../src/run/replay-resources.ts';
import { isUntaught, untaughtPath } from '../untaught-operation.ts';
import type { FuzzCase } from './fuzz-property.ts';
import { stringNotes, stringNotesSuffix } from './input-notes.ts';

/**
 * What the fuzz suite sends for each operation: per operation, the resources it needs (a key of the right
 * kind, a signature, the signers…), made once per test, and arbitraries of requests around them — valid
 * bodies from `validRequestFor`, valid parameters from the contract's schemas (the prepared ids mixed with
 * generated ones), and their mutations from `invalidBodyArbitrary` / `invalidParametersArbitrary`.
 */

/** One generated request, the key it is for and the values its placeholders stand for. */
export interface Generated {
  readonly request: FuzzRequest;
  readonly key?: KeySpec;
  readonly bindings: Bindings;
}

/** The replay input of a generated request: target-independent, secret-free. */
export function replayInputOf(generated: Generated): RequestReplayInput {
  return {
    kind: 'request',
    ...(generated.key === undefined ? {} : { key: generated.key }),
    ...abstractRequest(generated.request, generated.bindings),
  };
}

/** A prepared context for requests: its key (if any), the ids bound to placeholders, validRequestFor's context. */
interface Variant {
  readonly key?: KeySpec;
  readonly bindings: Bindings;
  readonly context: RequestContext;
  /** A body a correct target accepts, for operations with one (CreateUserActionSignature: refused anyway). */
  readonly bodies?: fc.Arbitrary<unknown>;
}

export interface Subject {
  readonly operationId: string;
  readonly variants: readonly Variant[];
  /** What a correct target answers to valid input here (see README: state shared between inputs). */
  readonly validExpectation: Expectation;
}

/** Operations whose valid bodies `validRequestFor` cannot make (a real assertion is needed). */
export const NO_VALID_BODY: readonly string[] = ['CreateUserActionSignature'];

/**
 * Operations where one input changes what the next one meets (the shared key gets delegated, exported, or
 * the same key imported twice): a documented refusal with a reason passes there.
 */
const STATEFUL_BODY: readonly string[] = ['DelegateKey', 'ExportKey', 'ImportKey'];

function signingFormats(h: Harness): KeyFormat[] {
  return h.profile.keyFormats.filter((f) => f.scheme !== 'DH');
}

function firstSigning(h: Harness, context: TestContext): KeyFormat {
  const format = signingFormats(h)[0];
  if (format === undefined) return context.skip('not applicable: the profile lists no signing key format');
  return format;
}

function requestContext(h: Harness, format: KeyFormat): RequestContext {
  return {
    keyScheme: format.scheme,
    curve: format.curve,
    keyFormats: h.profile.keyFormats,
    signatureKinds: h.profile.signatureKinds[format.scheme] ?? ['Hash'],
    hashWithout0x: h.profile.hypotheses.hashWithout0x,
  };
}

async function keyed(
  h: Harness,
  format: KeyFormat,
  label: string,
  needs: Omit<ResourceNeeds, 'key'> = {},
  delayDelegation = false,
): Promise<Variant> {
  const key: KeySpec = {
    scheme: format.scheme,
    curve: format.curve,
    ...(delayDelegation ? { delayDelegation: true } : {}),
  };
  const { bindings } = await bindResources(h, { key, ...needs }, label);
  return {
    key,
    bindings,
    context: {
      ...requestContext(h, format),
      ...(bindings.endUserId === undefined ? {} : { delegateTo: bindings.endUserId }),
      ...(bindings.encryptionKey === undefined ? {} : { encryptionKey: bindings.encryptionKey }),
    },
  };
}

/** Prepares the resources of an operation's fuzz test; skips it as not applicable when the profile lacks them. */
export async function prepareSubject(
  h: Harness,
  context: TestContext,
  operationId: string,
): Promise<Subject> {
  const label = `fuzz-${operationId}`;
  if (isUntaught(h, operationId)) return untaughtSubject(h, context, operationId);
  const validExpectation: Expectation = STATEFUL_BODY.includes(operationId)
    ? 'accepted-or-refused'
    : 'accepted';
  const subject = (variants: Variant[]): Subject => ({ operationId, variants, validExpectation });
  switch (operationId) {
    case 'CreateKey':
    case 'CreateUserActionChallenge': {
      const formats = operationId === 'CreateKey' ? h.profile.keyFormats : [firstSigning(h, context)];
      return subject(formats.map((format) => ({ bindings: {}, context: requestContext(h, format) })));
    }
    case 'ListKeys':
      return subject([{ bindings: {}, context: requestContext(h, firstSigning(h, context)) }]);
    case 'GenerateSignature':
      return subject(await Promise.all(signingFormats(h).map((format) => keyed(h, format, label))));
    case 'GetSignature':
      return subject([await keyed(h, firstSigning(h, context), label, { signature: true })]);
    case 'DelegateKey': {
      requireCapability(h, context, 'delegation');
      if (h.profile.endUserId === undefined) {
        return context.skip('not applicable: the profile names no endUserId to delegate to');
      }
      return subject([await keyed(h, firstSigning(h, context), label, { endUserId: true }, true)]);
    }
    case 'DeriveKey': {
      requireCapability(h, context, 'derive');
      const dh = formatFor(h.profile, 'DH', 'secp256k1');
      if (dh === undefined) return context.skip('not applicable: the profile has no DH keys');
      return subject([await keyed(h, dh, label)]);
    }
    case 'ExportKey':
      requireCapability(h, context, 'export');
      return subject([await keyed(h, firstSigning(h, context), label, { encryptionKey: true })]);
    case 'ImportKey': {
      requireCapability(h, context, 'import');
      const { bindings, signers } = await bindResources(h, { signers: true }, label);
      const listSigners = { clusters: [{ signers }] };
      const keys = loadKnownKeys().filter((k) => formatFor(h.profile, k.scheme, k.curve) !== undefined);
      if (keys.length === 0) return context.skip('not applicable: no known key has a format of the profile');
      return subject(
        keys.map((knownKey) => ({
          bindings,
          context: { keyScheme: knownKey.scheme, curve: knownKey.curve, knownKey, listSigners },
        })),
      );
    }
    case 'CreateUserActionSignature': {
      const challengeIdentifier = await freshChallenge(h);
      const { credId, clientData, signature } = ASSERTION_STAND_INS;
      const body = {
        challengeIdentifier,
        firstFactor: { kind: 'Key', credentialAssertion: { credId, clientData, signature } },
      };
      return subject([
        { bindings: {}, context: requestContext(h, firstSigning(h, context)), bodies: fc.constant(body) },
      ]);
    }
    default:
      // GetKey, UpdateKey, DeleteKey, ListSignatures: any signing key will do.
      return subject([await keyed(h, firstSigning(h, context), label)]);
  }
}

/**
 * An operation of a newer contract, tested from its schemas: a fresh key (and signature) for its path,
 * bodies drawn from its schema. Which of them its meaning allows the suite cannot know, so a stated 4xx
 * passes, but not a 404 when the path names only resources the run made.
 */
async function untaughtSubject(h: Harness, context: TestContext, operationId: string): Promise<Subject> {
  const { names, format } = untaughtPath(h, context, operationId);
  const variant =
    names.length === 0
      ? { bindings: {}, context: requestContext(h, format) }
      : await keyed(h, format, `fuzz-${operationId}`, { signature: names.includes('signatureId') });
  return {
    operationId,
    variants: [variant],
    validExpectation: names.length === 0 ? 'accepted-or-refused' : 'accepted-or-refused-found',
  };
}

function validBodies(h: Harness, subject: Subject, variant: Variant): fc.Arbitrary<unknown> {
  return variant.bodies ?? validRequestFor(h.contract, subject.operationId, variant.context);
}

function describeVariant(subject: Subject, variant: Variant): string {
  return variant.key === undefined
    ? subject.operationId
    : `${subject.operationId} on a ${variant.key.scheme}/${variant.key.curve} key`;
}

/** The path parameters of the prepared resources (`keyId`, `signatureId`). */
function preparedPath(h: Harness, subject: Subject, variant: Variant): Record<string, string> {
  const operation = h.contract.operation(subject.operationId);
  return Object.fromEntries(
    operation.pathParameters.map((p) => {
      const value = variant.bindings[p.name];
      if (value === undefined)
        throw new Error(`${subject.operationId}: no prepared value for path.${p.name}`);
      return [p.name, value];
    }),
  );
}

/** Names the properties of a body that the suite's generators were not written for (a newer contract's). */
function untaughtSuffix(json: unknown, untaught: readonly string[]): string {
  const carried = isJsonObject(json) ? untaught.filter((name) => name in json) : [];
  return carried.length === 0
    ? ''
    : ` carrying ${carried.join(', ')}, which the contract has and the suite's generators were not written for`;
}

function generated(variant: Variant, request: FuzzRequest): Generated {
  return { request, bindings: variant.bindings, ...(variant.key === undefined ? {} : { key: variant.key }) };
}

function mutationBody(mutation: Mutation): FuzzBody | undefined {
  const body = mutation.body;
  if (body === undefined) return undefined;
  return 'json' in body
    ? { json: body.json }
    : { raw: body.raw, ...(body.contentType === undefined ? {} : { contentType: body.contentType }) };
}

/** Valid bodies, on the prepared resources. */
export function validBodyRequests(h: Harness, subject: Subject): fc.Arbitrary<Generated> {
  const untaught = untaughtProperties(h.contract, subject.operationId).map((p) => p.name);
  const what = isUntaught(h, subject.operationId)
    ? 'a body valid under the schema of an operation this suite was not written for'
    : 'a valid body';
  return fc.oneof(
    ...subject.variants.map((variant) =>
      validBodies(h, subject, variant).map((json) =>
        generated(variant, {
          operationId: subject.operationId,
          expect: subject.validExpectation,
          pathParams: preparedPath(h, subject, variant),
          body: { json },
          description: `${what} (${describeVariant(subject, variant)})${untaughtSuffix(json, untaught)}`,
        }),
      ),
    ),
  );
}

/**
 * Bodies the schema allows but the contract's meaning forbids, where a generator can say so without
 * secrets: CreateKey with a scheme/curve pair outside the documented formats (EdDSA/secp256k1, …), the
 * rule the negative suite cites for them. (Broken ImportKey share sets are the crypto suite's: their defect
 * lives in the encrypted shares, which a finding never records.)
 */
function semanticallyInvalidBodies(h: Harness, subject: Subject): fc.Arbitrary<Generated>[] {
  if (subject.operationId !== 'CreateKey') return [];
  const bodies = fc
    .tuple(
      invalidSchemeCurvePairArbitrary(h.contract),
      fc.option(keyNamesFor(h.contract, 'CreateKey') ?? fc.constant(undefined), { nil: undefined }),
    )
    .map(([pair, name]) => ({
      scheme: pair.scheme,
      curve: pair.curve,
      ...(name === undefined ? {} : { name }),
    }));
  return [
    bodies.map((json) => ({
      request: {
        operationId: subject.operationId,
        expect: 'refused' as const,
        pathParams: {},
        body: { json },
        rule: '#/components/schemas/CreateKeyBody',
        description: `${json.scheme}/${json.curve} is not a valid key format`,
      },
      bindings: {},
    })),
  ];
}

/** Invalid bodies: mutations of valid ones, each naming the rule it breaks (and CreateKey's invalid pairs). */
export function invalidBodyRequests(h: Harness, subject: Subject): fc.Arbitrary<Generated> {
  const operation = h.contract.operation(subject.operationId);
  // A quarter of the inputs, whatever the number of variants.
  const semantic = semanticallyInvalidBodies(h, subject).map((arbitrary) => ({
    weight: subject.variants.length,
    arbitrary,
  }));
  const mutated = subject.variants.map((variant) => ({
    weight: 3,
    arbitrary: invalidBodyArbitrary(h.contract, operation, validBodies(h, subject, variant)).map(
      (mutation) => {
        const body = mutationBody(mutation);
        return generated(variant, {
          operationId: subject.operationId,
          expect: 'refused',
          pathParams: preparedPath(h, subject, variant),
          ...(body === undefined ? {} : { body }),
          rule: mutation.rule,
          description: mutation.id,
        });
      },
    ),
  }));
  return fc.oneof(...mutated, ...semantic);
}

/**
 * Request lines an HTTP stack delivers to the application at all: nginx refuses lines over 8 KiB (414),
 * Node headers over 16 KiB (431). The generators cap each oversized parameter at 2,048 ASCII characters;
 * what travels is all parameters together, percent-encoded (an astral character takes 12 bytes), so the
 * cap on the whole request line is applied here.
 */
const MAX_ENCODED_PARAMETERS = 8 * 1024;

function deliverable(request: FuzzRequest): boolean {
  const values = [...Object.values(request.pathParams ?? {}), ...Object.values(request.query ?? {}).flat()];
  const encoded = values.reduce((sum, value) => sum + encodeURIComponent(value).length, 0);
  return encoded <= MAX_ENCODED_PARAMETERS;
}

/** Valid path and query parameters: the prepared ids (mostly) or generated ones, generated query values. */
function validParameters(h: Harness, subject: Subject, variant: Variant) {
  const operation = h.contract.operation(subject.operationId);
  const schemaValid = parametersArbitrary(h.contract, operation);
  const path =
    operation.pathParameters.length === 0
      ? fc.constant({})
      : fc.oneof(
          { weight: 3, arbitrary: fc.constant(preparedPath(h, subject, variant)) },
          { weight: 1, arbitrary: schemaValid.map((p) => p.path) },
        );
  return fc
    .tuple(path, schemaValid)
    .map(([p, generatedParams]) => ({ path: p, query: generatedParams.query }));
}

/** A valid body to send beside fuzzed parameters (none for operations without a body). */
function bodyBeside(h: Harness, subject: Subject, variant: Variant): fc.Arbitrary<FuzzBody | undefined> {
  if (h.contract.operation(subject.operationId).requestBody === undefined) return fc.constant(undefined);
  return validBodies(h, subject, variant).map((json) => ({ json }));
}

/** Valid parameters: 2xx, or a 4xx with a reason (a generated id names nothing on the target). */
export function validParameterRequests(h: Harness, subject: Subject): fc.Arbitrary<Generated> {
  return fc.oneof(
    ...subject.variants.map((variant) =>
      fc.tuple(validParameters(h, subject, variant), bodyBeside(h, subject, variant)).map(([params, body]) =>
        generated(variant, {
          operationId: subject.operationId,
          expect: 'accepted-or-refused',
          pathParams: params.path,
          query: params.query,
          ...(body === undefined ? {} : { body }),
          description: `valid parameters (${describeVariant(subject, variant)})`,
        }),
      ),
    ),
  );
}

/** Invalid parameters: mutations of valid ones, each naming the rule it breaks; the body stays valid. */
export function invalidParameterRequests(h: Harness, subject: Subject): fc.Arbitrary<Generated> {
  const operation = h.contract.operation(subject.operationId);
  return fc.oneof(
    ...subject.variants.map((variant) =>
      fc
        .tuple(
          invalidParametersArbitrary(h.contract, operation, validParameters(h, subject, variant)),
          bodyBeside(h, subject, variant),
        )
        .map(([mutation, body]) =>
          generated(variant, {
            operationId: subject.operationId,
            expect: 'refused',
            pathParams: mutation.path ?? {},
            query: mutation.query ?? {},
            ...(body === undefined ? {} : { body }),
            rule: mutation.rule,
            description: mutation.id,
          }),
        )
        .filter((value) => deliverable(value.request)),
    ),
  );
}

/** Sends a generated request and applies the check its expectation calls for. */
export function requestFuzzCase(h: Harness): FuzzCase<Generated> {
  return {
    evaluate: async (value, sink) => {
      const recording = h.within(sink);
      const exchange = await sendFuzzRequest(recording, value.request);
      judgeFuzzRequest(recording, value.request, exchange);
    },
    replayInput: replayInputOf,
    explain: (value) => {
      const notes = stringNotes(value.request);
      return { evidence: notes.length === 0 ? {} : { strings: notes }, suffix: stringNotesSuffix(notes) };
    },
  };
}
