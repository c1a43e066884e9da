import fc from 'fast-check';
import type { Contract, Operation } from '../src/contract/index.ts';
import {
  bodyLevelSites,
  bodyMutationSites,
  bodyPositions,
  bodySubject,
  positionSites,
} from './body-sites.ts';
import {
  arbitraryFromSchema,
  parametersArbitrary,
  type GeneratedParameters,
  type SchemaArbitraryOptions,
} from './from-schema.ts';
import { GeneratorError } from './generator-error.ts';
import type { Mutation } from './mutation.ts';
import type { Candidate, MutationSite } from './mutation-site.ts';
import { parameterMutationSites, type ParameterSet } from './parameter-sites.ts';
import { bodyBreaches, cites, otherRules, parameterBreaches, type Breach } from './verify-mutation.ts';

/**
 * Invalid requests that each name the rule they break, in two forms: a deterministic sweep for the negative
 * suite (every applicable mutation of a valid request, once) and fast-check arbitraries for the fuzzer.
 * Every mutation is checked against the contract's own validators before it is handed out: one that turns
 * out valid, or breaks only other rules, is dropped and reported through `onDrop`, never passed off.
 */

/** A mutation that did not survive verification, and why. */
export interface DroppedMutation {
  readonly id: string;
  readonly kind: Mutation['kind'];
  readonly rule: string;
  /** `valid`: the validators accept it; otherwise the rules they cite instead. */
  readonly reason: string;
}

/** Options shared by the sweep and the arbitraries. */
export interface MutationOptions {
  /** Called for every mutation dropped because the validators do not cite its rule. */
  readonly onDrop?: (dropped: DroppedMutation) => void;
  /**
   * Mutate every item of an array and every entry of a map, not only the first that takes each schema
   * branch (default: false for the sweep, true for the arbitraries).
   */
  readonly everyItem?: boolean;
}

function idOf(subject: string, site: MutationSite, candidate: Candidate): string {
  const place = candidate.readable ?? site.readable;
  const detail = candidate.detail === undefined ? '' : ` (${candidate.detail})`;
  const joiner = place === '' || /^[.[]/.test(place) ? '' : ' ';
  return `${subject}${joiner}${place}: ${site.label}${detail}`;
}

function breachesOf(contract: Contract, operation: Operation, candidate: Candidate): Breach[] {
  const { payload } = candidate;
  if (payload.body !== undefined) return bodyBreaches(contract, operation, payload.body);
  return parameterBreaches(contract, operation, payload.path ?? {}, payload.query ?? {});
}

interface Checked {
  readonly mutation: Mutation;
  readonly cited: boolean;
  readonly breaches: readonly Breach[];
}

function check(
  contract: Contract,
  operation: Operation,
  subject: string,
  site: MutationSite,
  candidate: Candidate,
): Checked {
  const breaches = breachesOf(contract, operation, candidate);
  const instancePath = candidate.instancePath ?? site.instancePath;
  const mutation: Mutation = {
    id: idOf(subject, site, candidate),
    kind: site.kind,
    rule: site.rule,
    location: site.location,
    instancePath,
    description: site.description,
    ...candidate.payload,
    alsoBreaks: otherRules(breaches, site.rule),
  };
  return { mutation, cited: cites(breaches, site.rule, instancePath), breaches };
}

function dropReason(breaches: readonly Breach[]): string {
  return breaches.length === 0
    ? 'valid'
    : `cites ${[...new Set(breaches.map((b) => `${b.pointer} at ${b.instancePath || '(root)'}`))].join(', ')}`;
}

/** The best verified candidate of each site (fewest other rules broken, then first), uniquely named. */
function sweep(
  contract: Contract,
  operation: Operation,
  subject: string,
  sites: readonly MutationSite[],
  options: MutationOptions | undefined,
): Mutation[] {
  const kept: Mutation[] = [];
  const ids = new Map<string, number>();
  for (const site of sites) {
    let best: Mutation | undefined;
    let first: Checked | undefined;
    for (const candidate of site.candidates()) {
      const checked = check(contract, operation, subject, site, candidate);
      first ??= checked;
      if (
        checked.cited &&
        (best === undefined || checked.mutation.alsoBreaks.length < best.alsoBreaks.length)
      ) {
        best = checked.mutation;
        if (best.alsoBreaks.length === 0) break;
      }
    }
    if (best === undefined) {
      if (first !== undefined) {
        options?.onDrop?.({
          id: first.mutation.id,
          kind: site.kind,
          rule: site.rule,
          reason: dropReason(first.breaches),
        });
      }
      continue;
    }
    const seen = ids.get(best.id) ?? 0;
    ids.set(best.id, seen + 1);
    kept.push(seen === 0 ? best : { ...best, id: `${best.id} #${seen + 1}` });
  }
  return kept;
}

/**
 * Every applicable mutation of a valid body, once: each rule of the schema at each position the body
 * reaches (recursively), plus the body-level ones (malformed JSON, duplicate keys, another content type,
 * no body). Empty for operations without a request body. Throws a GeneratorError if the body is not valid.
 */
export function enumerateMutations(
  contract: Contract,
  operation: Operation,
  validBody: unknown,
  options?: MutationOptions,
): Mutation[] {
  const sites = bodyMutationSites(contract, operation, validBody, options?.everyItem ?? false);
  return sweep(contract, operation, bodySubject(contract, operation, validBody), sites, options);
}

/**
 * Every applicable mutation of an operation's path and query parameters around valid values (a missing
 * optional value is replaced by a fixed sample). Throws a GeneratorError if the values are not valid.
 */
export function enumerateParameterMutations(
  contract: Contract,
  operation: Operation,
  validParams: ParameterSet,
  options?: MutationOptions,
): Mutation[] {
  return sweep(
    contract,
    operation,
    operation.operationId,
    parameterMutationSites(contract, operation, validParams),
    options,
  );
}

/** Options of the fuzz arbitraries. */
export interface InvalidArbitraryOptions extends MutationOptions {
  /** How the default valid values are generated (ignored when a valid arbitrary is passed). */
  readonly schema?: SchemaArbitraryOptions;
}

function verified(
  contract: Contract,
  operation: Operation,
  arbitrary: fc.Arbitrary<{ subject: string; site: MutationSite; candidate: Candidate }>,
  options: MutationOptions | undefined,
): fc.Arbitrary<Mutation> {
  return arbitrary
    .map(({ subject, site, candidate }) => check(contract, operation, subject, site, candidate))
    .filter((checked) => {
      if (!checked.cited) {
        options?.onDrop?.({
          id: checked.mutation.id,
          kind: checked.mutation.kind,
          rule: checked.mutation.rule,
          reason: dropReason(checked.breaches),
        });
      }
      return checked.cited;
    })
    .map((checked) => checked.mutation);
}

function pickSite(
  subject: string,
  sites: readonly MutationSite[],
): fc.Arbitrary<{ subject: string; site: MutationSite; candidate: Candidate }> {
  return fc
    .integer({ min: 0, max: sites.length - 1 })
    .chain((index) => sites[index]!.fuzz().map((candidate) => ({ subject, site: sites[index]!, candidate })));
}

/**
 * Random invalid bodies for the fuzzer: a valid body (from `validBodyArb`, or the schema), one of its
 * mutation sites, and a random variant of that breakage, verified against the validators. Shrinks through
 * fast-check (the valid body first, then the site, then the variant); seeds replay.
 */
export function invalidBodyArbitrary(
  contract: Contract,
  operation: Operation,
  validBodyArb?: fc.Arbitrary<unknown>,
  options?: InvalidArbitraryOptions,
): fc.Arbitrary<Mutation> {
  const spec = operation.requestBody;
  if (spec === undefined)
    throw new GeneratorError(`${operation.operationId} takes no request body to mutate`);
  // Bodies from the contract's own generator are valid by construction (its tests prove it): no re-check.
  const trusted = validBodyArb === undefined;
  const valid = validBodyArb ?? arbitraryFromSchema(contract, spec.mediaSchemaPointer, options?.schema);
  const everyItem = options?.everyItem ?? true;
  const picked = valid.chain((body) => {
    // A position first, then one of its sites: sites are built for the drawn position only.
    const positions = bodyPositions(contract, operation, body, { everyItem, trusted });
    const subject = bodySubject(contract, operation, body);
    return fc
      .integer({ min: 0, max: positions.length })
      .map((index) => {
        const position = positions[index];
        const sites = position === undefined ? [] : positionSites(operation, body, position);
        return sites.length === 0 ? bodyLevelSites(operation, body) : sites;
      })
      .chain((sites) => pickSite(subject, sites));
  });
  return verified(contract, operation, picked, options);
}

/**
 * Random invalid parameter sets for the fuzzer (operations with at least one path or query parameter),
 * built and verified like `invalidBodyArbitrary`.
 */
export function invalidParametersArbitrary(
  contract: Contract,
  operation: Operation,
  validParamsArb?: fc.Arbitrary<GeneratedParameters>,
  options?: InvalidArbitraryOptions,
): fc.Arbitrary<Mutation> {
  if (operation.pathParameters.length + operation.queryParameters.length === 0) {
    throw new GeneratorError(`${operation.operationId} has no parameters to mutate`);
  }
  const valid = validParamsArb ?? parametersArbitrary(contract, operation, options?.schema);
  const picked = valid.chain((params) => {
    const sites = parameterMutationSites(contract, operation, params);
    if (sites.length === 0)
      throw new GeneratorError(`${operation.operationId}: no parameter rule can be broken`);
    return pickSite(operation.operationId, sites);
  });
  return verified(contract, operation, picked, options);
}
