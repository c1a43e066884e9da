import fc from 'fast-check';
import {
  bodyStringBounds,
  isJsonObject,
  untaughtOperations,
  untaughtProperties,
  type Contract,
} from '../src/contract/index.ts';
import { BUILTIN_PROFILES, type KeyFormat, type Scheme, type TargetProfile } from '../src/run/profile.ts';
import type { KnownKey } from '../fixtures/known-keys.ts';
import {
  DOCUMENTED_KEY_FORMATS,
  hexBytesArbitrary,
  hexHashArbitrary,
  hexMessageArbitrary,
  keyNameArbitrary,
  starkHashArbitrary,
  taprootMerkleRootArbitrary,
  type HexPrefix,
} from './domain.ts';
import { arbitraryFromSchema } from './from-schema.ts';
import { GeneratorError } from './generator-error.ts';
import { importShareSetArbitrary } from './import-share-sets.ts';

/**
 * Request bodies a correct target accepts with a 2xx for a key of a given scheme and curve: not only
 * schema-valid, but semantically valid (a Schnorr Hash carries `taprootMerkleRoot`, only kinds the profile
 * signs for the scheme, CreateKey only with the profile's pairs, names within the contract's bounds). What
 * the positive fuzzer sends.
 */

/** The key a request is for and what the target is known to accept. */
export interface RequestContext {
  readonly keyScheme: Scheme;
  readonly curve: string;
  /** Pairs the target creates (default: every documented pair). */
  readonly keyFormats?: readonly KeyFormat[];
  /** GenerateSignature kinds the target signs for this scheme (default: the full profile's). */
  readonly signatureKinds?: readonly string[];
  /** Whether hex may come without `0x` where the pattern allows it (default true; profile hypothesis [I]). */
  readonly hashWithout0x?: boolean;
  /** Whether UpdateKey may send `name: null` to clear the name (default true; "null clears" is [I]). */
  readonly clearNameWithNull?: boolean;
  /** Largest Message / DeriveKey input in bytes (default 256). */
  readonly maxMessageBytes?: number;
  /** DelegateKey: the end user to delegate to (required there). */
  readonly delegateTo?: string;
  /** ExportKey: the caller's encryption key (required there). */
  readonly encryptionKey?: string;
  /** ImportKey: the ListSigners response (required there). */
  readonly listSigners?: unknown;
  /** ImportKey: the key to import (required there; its curve wins over `curve`). */
  readonly knownKey?: KnownKey;
}

const FULL: TargetProfile | undefined = BUILTIN_PROFILES.full;

function formatOf(context: RequestContext): KeyFormat {
  const formats = context.keyFormats ?? DOCUMENTED_KEY_FORMATS;
  const format = formats.find((f) => f.scheme === context.keyScheme && f.curve === context.curve);
  if (format === undefined) {
    throw new GeneratorError(
      `${context.keyScheme}/${context.curve} is not a key format of the target (formats: ${formats.map((f) => `${f.scheme}/${f.curve}`).join(', ')})`,
    );
  }
  return format;
}

function required<T>(value: T | undefined, operationId: string, what: string): T {
  if (value === undefined) throw new GeneratorError(`${operationId} needs ${what} in the request context`);
  return value;
}

function optional<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arbitrary, { nil: undefined });
}

/**
 * Names for `operationId`'s body within the contract's bounds for its `name`, or undefined when the body has
 * no `name` (the generated bodies then carry none).
 */
export function keyNamesFor(contract: Contract, operationId: string): fc.Arbitrary<string> | undefined {
  const bounds = bodyStringBounds(contract, operationId, 'name');
  return bounds === undefined ? undefined : keyNameArbitrary(bounds);
}

/** Drops undefined members, so optional fields are absent rather than `undefined`. */
function compact(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function signatureBody(context: RequestContext, prefix: HexPrefix): fc.Arbitrary<unknown> {
  const scheme = context.keyScheme;
  if (scheme === 'DH') throw new GeneratorError('GenerateSignature: DH keys derive, they do not sign');
  const kinds = context.signatureKinds ?? FULL?.signatureKinds[scheme] ?? ['Hash'];
  const bodies = kinds.map((kind) => {
    switch (kind) {
      case 'Hash': {
        const hash =
          context.curve === 'stark' ? starkHashArbitrary({ prefix }) : hexHashArbitrary({ prefix });
        if (scheme !== 'Schnorr') return hash.map((h) => ({ kind, hash: h }));
        // Schnorr keys need a merkle root ("" for the default BIP-341 tweak): without one a target refuses.
        return fc
          .tuple(hash, taprootMerkleRootArbitrary({ prefix }))
          .map(([h, root]) => ({ kind, hash: h, taprootMerkleRoot: root }));
      }
      case 'Message':
        return hexMessageArbitrary({ maxBytes: context.maxMessageBytes ?? 256, prefix }).map((message) => ({
          kind,
          message,
        }));
      default:
        throw new GeneratorError(`GenerateSignature: no semantically valid generator for kind "${kind}"`);
    }
  });
  if (bodies.length === 0)
    throw new GeneratorError(`GenerateSignature: the target signs no kind with ${scheme} keys`);
  return fc.oneof(...bodies);
}

/**
 * `bodies` with the operation's untaught properties added (see `untaughtProperties`): a required one always,
 * an optional one in most bodies, with values drawn from their schemas. Otherwise a contract bump would go
 * unexercised, and a body lacking a new required property would be sent as valid and its refusal blamed on
 * the target.
 */
function withUntaughtProperties(
  contract: Contract,
  operationId: string,
  bodies: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  const untaught = untaughtProperties(contract, operationId);
  if (untaught.length === 0) return bodies;
  const extra = fc.record(
    Object.fromEntries(
      untaught.map((property) => {
        // Lone surrogates have no UTF-8 form: a valid body is one a target can read.
        const value = arbitraryFromSchema(contract, property.pointer, { loneSurrogates: false });
        return [property.name, property.required ? value : optional(value)];
      }),
    ),
  );
  return fc
    .tuple(bodies, extra)
    .map(([body, added]) => (isJsonObject(body) ? { ...body, ...compact(added) } : body));
}

/**
 * An operation the suite was not written for gets bodies drawn from its schema alone: valid under the
 * contract, but the suite cannot know which of them the operation's meaning allows.
 */
function schemaBodies(contract: Contract, operationId: string): fc.Arbitrary<unknown> {
  const body = contract.operation(operationId).requestBody;
  if (body === undefined) return fc.constant(undefined);
  // Lone surrogates have no UTF-8 form: a valid body is one a target can read.
  return arbitraryFromSchema(contract, body.mediaSchemaPointer, { loneSurrogates: false });
}

/**
 * Bodies a correct target answers with 2xx, for an operation and a key (undefined for operations that
 * take no body); for an operation the suite was not written for, bodies valid under its schema. Throws a
 * GeneratorError when the context lacks what the operation needs or the operation cannot be made
 * semantically valid here (CreateUserActionSignature needs a real assertion).
 */
export function validRequestFor(
  contract: Contract,
  operationId: string,
  context: RequestContext,
): fc.Arbitrary<unknown> {
  if (untaughtOperations(contract).includes(operationId)) return schemaBodies(contract, operationId);
  return withUntaughtProperties(contract, operationId, taughtBodies(contract, operationId, context));
}

function taughtBodies(
  contract: Contract,
  operationId: string,
  context: RequestContext,
): fc.Arbitrary<unknown> {
  const operation = contract.operation(operationId);
  const prefix: HexPrefix = context.hashWithout0x === false ? 'with' : 'either';
  switch (operationId) {
    case 'CreateKey': {
      const { scheme, curve } = formatOf(context);
      const names = keyNamesFor(contract, operationId);
      return fc
        .record({
          name: names === undefined ? fc.constant(undefined) : optional(names),
          delayDelegation: optional(fc.boolean()),
        })
        .map((extra) => compact({ scheme, curve, ...extra }));
    }
    case 'UpdateKey': {
      const names = keyNamesFor(contract, operationId);
      if (names === undefined)
        throw new GeneratorError('UpdateKey: the contract names no `name` in its body');
      const name = context.clearNameWithNull === false ? names : fc.option(names, { nil: null, freq: 5 });
      return name.map((n) => ({ name: n }));
    }
    case 'GenerateSignature':
      formatOf(context);
      return signatureBody(context, prefix);
    case 'DeriveKey': {
      if (context.keyScheme !== 'DH') throw new GeneratorError('DeriveKey: only DH keys derive');
      const most = context.maxMessageBytes ?? 256;
      // RFC 9380 forbids an empty DST: the domain has at least one byte.
      return fc.record({
        domain: hexBytesArbitrary(1, most, { prefix }),
        seed: hexBytesArbitrary(0, most, { prefix }),
      });
    }
    case 'DelegateKey':
      return fc.constant({ delegateTo: required(context.delegateTo, operationId, 'delegateTo') });
    case 'ExportKey': {
      const format = formatOf(context);
      const encryptionKey = required(context.encryptionKey, operationId, 'encryptionKey');
      const formats = context.keyFormats ?? DOCUMENTED_KEY_FORMATS;
      const others = formats
        .filter((f) => f !== format)
        .map((f) => ({ protocol: f.protocol, curve: f.curve }));
      // The key's own scheme plus some others, in any order: a correct target picks the one that fits.
      return fc.tuple(fc.subarray(others, { maxLength: 2 }), fc.nat()).map(([extra, at]) => {
        const schemes = [...extra];
        schemes.splice(at % (extra.length + 1), 0, { protocol: format.protocol, curve: format.curve });
        return { encryptionKey, supportedSchemes: schemes };
      });
    }
    case 'ImportKey': {
      const key = required(context.knownKey, operationId, 'knownKey');
      const signers = required(context.listSigners, operationId, 'listSigners');
      const names = keyNamesFor(contract, operationId);
      return fc
        .tuple(
          importShareSetArbitrary(signers, key, { labels: ['well-formed'] }),
          names === undefined ? fc.constant(undefined) : optional(names),
        )
        .map(([set, name]) => (name === undefined ? set.body : { ...set.body, name }));
    }
    case 'CreateUserActionChallenge':
      // Any Keys request may be announced; a CreateKey for a documented pair is the simplest.
      return validRequestFor(contract, 'CreateKey', context).map((body) => ({
        userActionHttpMethod: 'POST',
        userActionHttpPath: '/keys',
        userActionPayload: JSON.stringify(body),
        userActionServerKind: 'Api',
      }));
    case 'CreateUserActionSignature':
      throw new GeneratorError(
        'CreateUserActionSignature needs an assertion signed by a real credential (src/client signs user actions)',
      );
    default:
      if (operation.requestBody === undefined) return fc.constant(undefined);
      throw new GeneratorError(`${operationId}: no semantically valid generator`);
  }
}
