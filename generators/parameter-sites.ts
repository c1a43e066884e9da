import fc from 'fast-check';
import {
  childPointer,
  validateParameters,
  type Contract,
  type Operation,
  type Parameter,
} from '../src/contract/index.ts';
import { parameterText, parameterValueArbitrary } from './from-schema.ts';
import { GeneratorError } from './generator-error.ts';
import type { MutationSite, Payload } from './mutation-site.ts';
import { resolveChoices, typesAcrossBranches, typesOf, viewAt } from './schema-view.ts';
import { valueSites, type ValueTarget } from './value-sites.ts';

/**
 * The mutation sites of an operation's path and query parameters. Values travel as text, so the breakages
 * are textual ones: `limit=abc`, `limit=1.5`, `limit=501`, a key id of 65 characters, a query parameter
 * given twice, a required one left out.
 */

/** Parameter values as a request carries them (before percent-encoding). */
export interface ParameterSet {
  readonly path?: Readonly<Record<string, string | undefined>>;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * Oversized parameter text: far past any maxLength in the contract, yet short enough that every HTTP
 * stack delivers it (nginx refuses request lines over 8 KiB with 414, Node over 16 KiB with 431) — the
 * target's validation must answer, not its HTTP parser.
 */
export const OVERSIZED_PARAMETER_LENGTH = 2 * 1024;

function present<T>(record: Readonly<Record<string, T | undefined>> | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, value] of Object.entries(record ?? {})) if (value !== undefined) out[name] = value;
  return out;
}

// The value the validators check: numeric text becomes a number where the schema wants one.
function coerced(text: string, parameter: Parameter, contract: Contract): unknown {
  const types = typesOf(viewAt(contract, parameter.schemaPointer));
  const numeric = types !== undefined && (types.has('integer') || types.has('number'));
  return numeric && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
}

function baseText(
  contract: Contract,
  parameter: Parameter,
  given: string | readonly string[] | undefined,
): string | undefined {
  if (typeof given === 'string') return given;
  if (given !== undefined) return undefined;
  // No valid value given: a fixed-seed sample keeps the sweep deterministic.
  const sample = fc.sample(parameterValueArbitrary(contract, parameter), { numRuns: 1, seed: 0 })[0];
  return typeof sample === 'string' ? sample : undefined;
}

/**
 * Every mutation site of the operation's parameters, around a valid set of values. Throws a GeneratorError
 * when the given values are not valid.
 */
export function parameterMutationSites(
  contract: Contract,
  operation: Operation,
  valid: ParameterSet,
): MutationSite[] {
  const violations = validateParameters(contract, operation, valid);
  if (violations.length > 0) {
    throw new GeneratorError(
      `${operation.operationId}: the parameters given as valid are not: ${violations[0]!.message} (${violations[0]!.pointer})`,
    );
  }
  const path = present(valid.path);
  const query = present(valid.query);
  const sites: MutationSite[] = [];
  for (const parameter of [...operation.pathParameters, ...operation.queryParameters]) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue;
    const location = `${parameter.in}.${parameter.name}`;
    const instancePath = `/${parameter.in}/${parameter.name}`;
    const withValue = (value: string | readonly string[] | undefined): Payload => {
      if (parameter.in === 'path') return { path: { ...path, [parameter.name]: value as string }, query };
      const others = Object.entries(query).filter(([name]) => name !== parameter.name);
      return {
        path,
        query: Object.fromEntries(value === undefined ? others : [...others, [parameter.name, value]]),
      };
    };
    const given = parameter.in === 'path' ? path[parameter.name] : query[parameter.name];
    const text = baseText(contract, parameter, given);
    if (text !== undefined) {
      const value = coerced(text, parameter, contract);
      const unresolved = viewAt(contract, parameter.schemaPointer);
      const { view } = resolveChoices(contract, unresolved, value, instancePath);
      const target: ValueTarget = {
        location,
        instancePath,
        readable: location,
        value,
        asText: true,
        oversizedLength: OVERSIZED_PARAMETER_LENGTH,
        put: (changed) => withValue(parameterText(changed, location)),
        putLiteral: (literal) => withValue(literal),
      };
      sites.push(...valueSites(target, { view, types: typesAcrossBranches(contract, unresolved) }));
      if (parameter.in === 'query' && !typesOf(view)?.has('array')) {
        sites.push({
          kind: 'repeated',
          rule: childPointer(parameter.schemaPointer, 'type'),
          label: 'repeated',
          description: `a single-valued query parameter given twice`,
          location,
          instancePath,
          readable: location,
          candidates: () => [{ payload: withValue([text, text]) }],
          fuzz: () =>
            fc.integer({ min: 2, max: 5 }).map((count) => ({
              payload: withValue(Array.from({ length: count }, () => text)),
              detail: `${count} times`,
            })),
        });
      }
    }
    if (parameter.required && parameter.in === 'query') {
      sites.push({
        kind: 'missing',
        rule: childPointer(parameter.pointer, 'required'),
        label: 'missing',
        description: 'a required query parameter left out',
        location,
        instancePath,
        readable: location,
        candidates: () => [{ payload: withValue(undefined) }],
        fuzz: () => fc.constant({ payload: withValue(undefined) }),
      });
    }
  }
  return sites;
}
