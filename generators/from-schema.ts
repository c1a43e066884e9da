import fc from 'fast-check';
import {
  compiledValidator,
  type Contract,
  type JsonSchema,
  type Operation,
  type Parameter,
} from '../src/contract/index.ts';
import { isJsonObject, valueAtPointer } from '../src/contract/json-pointer.ts';
import { GeneratorError } from './generator-error.ts';
import {
  boundOf,
  childNode,
  closuresOf,
  declaredProperties,
  facetsWith,
  itemsView,
  jsonTypeOf,
  mergeViews,
  nodeAt,
  propertyView,
  requiredNames,
  typeAllows,
  typesOf,
  viewOf,
  type JsonType,
  type SchemaNode,
  type SchemaView,
} from './schema-view.ts';
import { codePointLength, stringUnitArbitrary } from './unicode.ts';

/**
 * Valid values from the contract: every JSON Schema construct openapi.yaml uses becomes a fast-check
 * arbitrary whose values the contract's own validators accept. Values stay moderate by default (strings of
 * at most 64 code points where the schema sets no bound); the fuzz suites raise the caps on purpose.
 */

/** How values are shaped; every field has a default. */
export interface SchemaArbitraryOptions {
  /** Longest string (code points) where the schema has no `maxLength` (default 64). */
  readonly maxStringLength?: number;
  /** Longest array where the schema has no `maxItems` (default 4). */
  readonly maxArrayLength?: number;
  /** Nesting below which only required properties and minimal arrays are generated (default 6). */
  readonly maxDepth?: number;
  /** Mix in values at the bounds: lengths at min/max, numbers at their limits (default true). */
  readonly boundaryBias?: boolean;
  /** Add undeclared properties to objects that allow them (default true). */
  readonly extraProperties?: boolean;
  /** Put zero-width, combining, NUL, lone surrogate… characters in strings no rule restricts (default true). */
  readonly unicodeEdges?: boolean;
  /**
   * Among those edges, lone surrogate halves (default true). Valid in a JSON string, but not in a URL:
   * they have no UTF-8 form, so parameter values are generated without them.
   */
  readonly loneSurrogates?: boolean;
}

type Settings = Required<SchemaArbitraryOptions>;

const DEFAULTS: Settings = {
  maxStringLength: 64,
  maxArrayLength: 4,
  maxDepth: 6,
  boundaryBias: true,
  extraProperties: true,
  unicodeEdges: true,
  loneSurrogates: true,
};

// Required properties that recurse this far past maxDepth cannot end: the schema admits no finite value.
const RECURSION_LIMIT = 32;

interface BuildContext {
  readonly contract: Contract;
  readonly settings: Settings;
}

function settingsOf(options: SchemaArbitraryOptions | undefined): Settings {
  const settings = { ...DEFAULTS, ...options };
  for (const key of ['maxStringLength', 'maxArrayLength', 'maxDepth'] as const) {
    if (!Number.isSafeInteger(settings[key]) || settings[key] < 0) {
      throw new GeneratorError(`option ${key} must be a non-negative integer, got ${String(settings[key])}`);
    }
  }
  return settings;
}

/** Weighted mix of a general arbitrary and boundary ones, when boundary bias is on. */
function withBoundaries<T>(
  context: BuildContext,
  general: fc.Arbitrary<T>,
  boundaries: readonly fc.Arbitrary<T>[],
): fc.Arbitrary<T> {
  if (!context.settings.boundaryBias || boundaries.length === 0) return general;
  return fc.oneof(
    { weight: 4 * boundaries.length, arbitrary: general },
    ...boundaries.map((arbitrary) => ({ weight: 1, arbitrary })),
  );
}

function anyJson(context: BuildContext, depth: number): fc.Arbitrary<unknown> {
  const unit = stringUnitArbitrary({
    edges: context.settings.unicodeEdges,
    loneSurrogates: context.settings.loneSurrogates,
  });
  return fc.jsonValue({
    maxDepth: Math.max(0, Math.min(2, context.settings.maxDepth - depth)),
    stringUnit: unit,
  });
}

// Built on first use: some fast-check arbitraries (webUrl) are costly to construct.
const FORMATS: Readonly<Record<string, () => fc.Arbitrary<string>>> = {
  'date-time': () =>
    fc
      .tuple(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('Z', 'z', '+00:00', '+05:30', '-08:00'),
        fc.boolean(),
      )
      .map(([date, zone, millis]) => {
        const iso = date.toISOString();
        return `${millis ? iso.slice(0, 23) : iso.slice(0, 19)}${zone}`;
      }),
  date: () =>
    fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10)),
  uri: () => fc.webUrl({ withQueryParameters: true, withFragments: true }),
  uuid: () => fc.uuid(),
};

/** The formats the valid generators produce values for. */
export const SUPPORTED_FORMATS: readonly string[] = Object.keys(FORMATS);

function lengthFilter(min: number, max: number | undefined): (text: string) => boolean {
  return (text) => {
    const length = codePointLength(text);
    return length >= min && (max === undefined || length <= max);
  };
}

function buildString(context: BuildContext, view: SchemaView): fc.Arbitrary<string> {
  const min = boundOf(view, 'minLength')?.value ?? 0;
  const max = boundOf(view, 'maxLength')?.value;
  if (max !== undefined && max < min) {
    throw new GeneratorError(
      `${boundOf(view, 'maxLength')!.rule}: maxLength ${max} is below minLength ${min}`,
    );
  }
  const patterns = facetsWith(view, 'pattern').map((facet) => {
    const pattern = facet.schema.pattern;
    if (typeof pattern !== 'string') throw new GeneratorError(`${facet.pointer}/pattern: expected a string`);
    try {
      return new RegExp(pattern, 'u');
    } catch {
      throw new GeneratorError(`${facet.pointer}/pattern: not a valid regular expression`);
    }
  });
  const formats = facetsWith(view, 'format').map((facet) => {
    const format = facet.schema.format;
    const arbitrary = typeof format === 'string' ? FORMATS[format]?.() : undefined;
    if (arbitrary === undefined) {
      throw new GeneratorError(
        `${facet.pointer}/format: format ${JSON.stringify(format)} is not supported (supported: ${SUPPORTED_FORMATS.join(', ')})`,
      );
    }
    return { format, arbitrary };
  });
  const fits = lengthFilter(min, max);
  if (patterns.length > 0) {
    const [first, ...others] = patterns;
    // stringMatching honours maxLength itself; minLength and further patterns are rare and filtered.
    let arbitrary = fc.stringMatching(first!, max === undefined ? {} : { maxLength: max });
    if (min > 0) arbitrary = arbitrary.filter(fits);
    if (others.length > 0) arbitrary = arbitrary.filter((text) => others.every((re) => re.test(text)));
    return arbitrary;
  }
  if (formats.length > 0) {
    const distinct = new Set(formats.map((f) => f.format));
    if (distinct.size > 1) {
      throw new GeneratorError(
        `${view.facets[0]!.pointer}: formats ${[...distinct].join(' and ')} cannot both hold`,
      );
    }
    return min > 0 || max !== undefined ? formats[0]!.arbitrary.filter(fits) : formats[0]!.arbitrary;
  }
  const unit = stringUnitArbitrary({
    edges: context.settings.unicodeEdges,
    loneSurrogates: context.settings.loneSurrogates,
    minLength: min,
  });
  const cap = max ?? Math.max(min, context.settings.maxStringLength);
  // fast-check keeps lengths small by default; a share drawn over the whole range lets a raised cap matter.
  const general = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit, minLength: min, maxLength: cap }) },
    { weight: 1, arbitrary: fc.string({ unit, minLength: min, maxLength: cap, size: 'max' }) },
  );
  const boundaries = [fc.string({ unit, minLength: min, maxLength: min })];
  // The cap of an unbounded string is no rule of the contract, but the longest value the run allows.
  if (cap !== min) boundaries.push(fc.string({ unit, minLength: cap, maxLength: cap }));
  return withBoundaries(context, general, boundaries);
}

interface NumericBounds {
  readonly low?: number;
  readonly high?: number;
  readonly lowExcluded: boolean;
  readonly highExcluded: boolean;
}

function numericBounds(view: SchemaView): NumericBounds {
  const minimum = boundOf(view, 'minimum')?.value;
  const exclusiveMinimum = boundOf(view, 'exclusiveMinimum')?.value;
  const maximum = boundOf(view, 'maximum')?.value;
  const exclusiveMaximum = boundOf(view, 'exclusiveMaximum')?.value;
  const lowExcluded =
    exclusiveMinimum !== undefined && (minimum === undefined || exclusiveMinimum >= minimum);
  const highExcluded =
    exclusiveMaximum !== undefined && (maximum === undefined || exclusiveMaximum <= maximum);
  const low = lowExcluded ? exclusiveMinimum : minimum;
  const high = highExcluded ? exclusiveMaximum : maximum;
  return {
    ...(low === undefined ? {} : { low }),
    ...(high === undefined ? {} : { high }),
    lowExcluded,
    highExcluded,
  };
}

function buildInteger(context: BuildContext, view: SchemaView, where: string): fc.Arbitrary<number> {
  const bounds = numericBounds(view);
  const low =
    bounds.low === undefined
      ? undefined
      : bounds.lowExcluded
        ? Math.floor(bounds.low) + 1
        : Math.ceil(bounds.low);
  const high =
    bounds.high === undefined
      ? undefined
      : bounds.highExcluded
        ? Math.ceil(bounds.high) - 1
        : Math.floor(bounds.high);
  const min = low ?? (high === undefined ? -(2 ** 31) : Math.max(Number.MIN_SAFE_INTEGER, high - 2 ** 31));
  const max = high ?? Math.min(Number.MAX_SAFE_INTEGER, min + 2 ** 32);
  if (min > max) throw new GeneratorError(`${where}: no integer lies within the bounds`);
  const boundaries = [
    fc.constantFrom(...new Set([min, max, Math.min(max, min + 1), Math.max(min, max - 1)])),
  ];
  if (low === undefined) boundaries.push(fc.constant(Number.MIN_SAFE_INTEGER));
  if (high === undefined) boundaries.push(fc.constant(Number.MAX_SAFE_INTEGER));
  return withBoundaries(context, fc.integer({ min, max }), boundaries);
}

function buildNumber(context: BuildContext, view: SchemaView): fc.Arbitrary<number> {
  const bounds = numericBounds(view);
  const double = fc.double({
    ...(bounds.low === undefined ? {} : { min: bounds.low, minExcluded: bounds.lowExcluded }),
    ...(bounds.high === undefined ? {} : { max: bounds.high, maxExcluded: bounds.highExcluded }),
    noNaN: true,
    noDefaultInfinity: true,
  });
  // fast-check orders -0 below 0, JSON Schema does not: -0 would slip past an exclusive bound at 0.
  const general = double
    .map((n) => (Object.is(n, -0) && (bounds.lowExcluded || bounds.highExcluded) ? 0 : n))
    .filter(
      (n) =>
        (bounds.low === undefined || (bounds.lowExcluded ? n > bounds.low : n >= bounds.low)) &&
        (bounds.high === undefined || (bounds.highExcluded ? n < bounds.high : n <= bounds.high)),
    );
  const boundaries: fc.Arbitrary<number>[] = [];
  if (bounds.low !== undefined && !bounds.lowExcluded) boundaries.push(fc.constant(bounds.low));
  if (bounds.high !== undefined && !bounds.highExcluded) boundaries.push(fc.constant(bounds.high));
  return withBoundaries(context, general, boundaries);
}

function buildArray(context: BuildContext, view: SchemaView, depth: number): fc.Arbitrary<unknown[]> {
  const min = boundOf(view, 'minItems')?.value ?? 0;
  const schemaMax = boundOf(view, 'maxItems')?.value;
  const items = itemsView(context.contract, view);
  const item = items === undefined ? anyJson(context, depth + 1) : build(context, items, depth + 1);
  const cap = depth >= context.settings.maxDepth ? min : Math.max(min, context.settings.maxArrayLength);
  const max = schemaMax === undefined ? cap : Math.min(schemaMax, Math.max(cap, min));
  if (max < min) throw new GeneratorError(`${boundOf(view, 'maxItems')!.rule}: maxItems is below minItems`);
  const boundaries = [fc.array(item, { minLength: min, maxLength: min })];
  if (schemaMax !== undefined && schemaMax !== min)
    boundaries.push(fc.array(item, { minLength: max, maxLength: max }));
  return withBoundaries(context, fc.array(item, { minLength: min, maxLength: max }), boundaries);
}

function buildObject(
  context: BuildContext,
  view: SchemaView,
  depth: number,
  where: string,
): fc.Arbitrary<Record<string, unknown>> {
  const { contract, settings } = context;
  const closures = closuresOf(view);
  const required = requiredNames(view).map((r) => r.name);
  for (const name of required) {
    const closure = closures.find((c) => !c.allows(name));
    if (closure !== undefined) {
      throw new GeneratorError(`${closure.rule}: forbids "${name}", which ${where} requires`);
    }
  }
  if (depth > settings.maxDepth + RECURSION_LIMIT) {
    throw new GeneratorError(`${where}: required properties recurse without end`);
  }
  const shallow = depth >= settings.maxDepth;
  const names = [...new Set([...required, ...declaredProperties(view)])].filter(
    (name) => (required.includes(name) || !shallow) && closures.every((c) => c.allows(name)),
  );
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of names) {
    const property = propertyView(contract, view, name);
    model[name] = property === undefined ? anyJson(context, depth + 1) : build(context, property, depth + 1);
  }
  const record = fc.record(model, { requiredKeys: required });
  const additional = facetsWith(view, 'additionalProperties').filter((f) =>
    isJsonObject(f.schema.additionalProperties),
  );
  if (closures.length > 0 || shallow || (!settings.extraProperties && additional.length === 0)) return record;
  const declared = new Set(names);
  const key = fc
    .string({
      unit: stringUnitArbitrary({ edges: settings.unicodeEdges, loneSurrogates: settings.loneSurrogates }),
      minLength: 1,
      maxLength: 16,
    })
    .filter((name) => !declared.has(name) && !declaredProperties(view).has(name));
  // An undeclared name falls under every facet's additionalProperties schema, since no facet declares it.
  const extraView = additional.reduce<SchemaView | undefined>((acc, facet) => {
    const own = viewOf(contract, childNode({ ...facet }, 'additionalProperties'));
    return acc === undefined ? own : mergeViews(acc, own);
  }, undefined);
  const value = extraView === undefined ? anyJson(context, depth + 1) : build(context, extraView, depth + 1);
  const extras = fc.dictionary(key, value, { maxKeys: additional.length > 0 ? settings.maxArrayLength : 2 });
  const maybeExtras = additional.length > 0 ? extras : fc.option(extras, { freq: 4, nil: {} });
  return fc.tuple(record, maybeExtras).map(([own, more]) => ({ ...more, ...own }));
}

function inferredTypes(view: SchemaView): ReadonlySet<JsonType> | undefined {
  const has = (keyword: string) => facetsWith(view, keyword).length > 0;
  if (['properties', 'required', 'additionalProperties', 'unevaluatedProperties'].some(has))
    return new Set(['object']);
  if (['items', 'minItems', 'maxItems'].some(has)) return new Set(['array']);
  if (['pattern', 'minLength', 'maxLength', 'format'].some(has)) return new Set(['string']);
  if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].some(has)) return new Set(['number']);
  return undefined;
}

function enumValues(view: SchemaView): unknown[] | undefined {
  let values: unknown[] | undefined;
  for (const facet of facetsWith(view, 'enum')) {
    const own = facet.schema.enum;
    if (!Array.isArray(own)) throw new GeneratorError(`${facet.pointer}/enum: expected an array`);
    values =
      values === undefined
        ? [...(own as unknown[])]
        : values.filter((v) => own.some((o) => JSON.stringify(o) === JSON.stringify(v)));
  }
  return values;
}

function buildChoice(context: BuildContext, view: SchemaView, depth: number): fc.Arbitrary<unknown> {
  const { contract } = context;
  const [choice, ...rest] = view.choices;
  const base: SchemaView = { ...view, choices: rest };
  const branches = choice!.branches.map((branch) =>
    build(context, mergeViews(base, viewOf(contract, branch)), depth),
  );
  const arbitrary = fc.oneof(...branches);
  if (choice!.keyword === 'anyOf' || choice!.discriminator !== undefined) return arbitrary;
  // A oneOf without discriminator: a value of one branch may satisfy another too, which oneOf forbids.
  if (!choice!.exact) {
    throw new GeneratorError(
      `${choice!.pointer}/oneOf: without a discriminator it needs exact contract pointers`,
    );
  }
  const validators = choice!.branches.map((branch) => compiledValidator(contract, branch.pointer));
  return arbitrary.filter((value) => validators.filter((validate) => validate(value)).length === 1);
}

function build(context: BuildContext, view: SchemaView, depth: number): fc.Arbitrary<unknown> {
  const where = view.facets[0]?.pointer ?? 'schema';
  if (view.never !== undefined) throw new GeneratorError(`${view.never}: the schema "false" admits no value`);
  if (view.choices.length > 0) return buildChoice(context, view, depth);
  const types = typesOf(view) ?? inferredTypes(view);
  const constant = facetsWith(view, 'const')[0];
  if (constant !== undefined) return fc.constant(constant.schema.const);
  const values = enumValues(view);
  if (values !== undefined) {
    const allowed = values.filter((v) => {
      const type = jsonTypeOf(v);
      return types === undefined || (type !== undefined && typeAllows(types, type));
    });
    if (allowed.length === 0) throw new GeneratorError(`${where}: no enum value satisfies every facet`);
    return fc.constantFrom(...allowed);
  }
  if (types === undefined) return anyJson(context, depth);
  if (types.size === 0) throw new GeneratorError(`${where}: the facets allow no common type`);
  const arbitraries: fc.Arbitrary<unknown>[] = [];
  for (const type of types) {
    switch (type) {
      case 'string':
        arbitraries.push(buildString(context, view));
        break;
      case 'integer':
        arbitraries.push(buildInteger(context, view, where));
        break;
      case 'number':
        if (!types.has('integer')) {
          arbitraries.push(fc.oneof(buildNumber(context, view), buildInteger(context, view, where)));
        }
        break;
      case 'boolean':
        arbitraries.push(fc.boolean());
        break;
      case 'null':
        arbitraries.push(fc.constant(null));
        break;
      case 'array':
        arbitraries.push(buildArray(context, view, depth));
        break;
      case 'object':
        arbitraries.push(buildObject(context, view, depth, where));
        break;
    }
  }
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}

const cache = new WeakMap<Contract, Map<string, fc.Arbitrary<unknown>>>();

/**
 * Values valid under the schema at a contract pointer (e.g. `#/components/schemas/CreateKeyBody` or an
 * operation's `requestBody.mediaSchemaPointer`). Throws a GeneratorError naming keyword and pointer for a
 * construct the generators do not model.
 */
export function arbitraryFromSchema(
  contract: Contract,
  pointer: string,
  options?: SchemaArbitraryOptions,
): fc.Arbitrary<unknown> {
  const settings = settingsOf(options);
  let perContract = cache.get(contract);
  if (perContract === undefined) {
    perContract = new Map();
    cache.set(contract, perContract);
  }
  const key = `${pointer} ${JSON.stringify(settings)}`;
  let arbitrary = perContract.get(key);
  if (arbitrary === undefined) {
    arbitrary = build({ contract, settings }, viewOf(contract, nodeAt(contract, pointer)), 0);
    perContract.set(key, arbitrary);
  }
  return arbitrary;
}

/**
 * The same for a schema already in hand with the pointer it came from: the document's own object, or a
 * dereferenced copy such as `Parameter.schema` or `RequestBody.schema` (then pointers label errors only).
 */
export function arbitraryFromResolvedSchema(
  contract: Contract,
  schema: JsonSchema,
  pointer: string,
  options?: SchemaArbitraryOptions,
): fc.Arbitrary<unknown> {
  const node: SchemaNode = { pointer, schema, exact: valueAtPointer(contract.document, pointer) === schema };
  return build({ contract, settings: settingsOf(options) }, viewOf(contract, node), 0);
}

/** A parameter value as it travels in a URL (before percent-encoding): numbers and booleans as text. */
export function parameterText(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new GeneratorError(
    `${where}: a ${jsonTypeOf(value) ?? typeof value} value has no text form in a URL`,
  );
}

/** Values of one path or query parameter as sent: text, or a list of texts for array parameters. */
export function parameterValueArbitrary(
  contract: Contract,
  parameter: Parameter,
  options?: SchemaArbitraryOptions,
): fc.Arbitrary<string | string[]> {
  const where = `${parameter.in} parameter ${parameter.name}`;
  return arbitraryFromSchema(contract, parameter.schemaPointer, { ...options, loneSurrogates: false }).map(
    (value) =>
      Array.isArray(value) ? value.map((item) => parameterText(item, where)) : parameterText(value, where),
  );
}

/** Valid path and query parameters of an operation: path ones always, optional query ones present or not. */
export interface GeneratedParameters {
  readonly path: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | readonly string[]>>;
}

/** Valid parameter sets for an operation (values as sent, before percent-encoding). */
export function parametersArbitrary(
  contract: Contract,
  operation: Operation,
  options?: SchemaArbitraryOptions,
): fc.Arbitrary<GeneratedParameters> {
  const single = (p: Parameter) =>
    parameterValueArbitrary(contract, p, options).map((v) => (Array.isArray(v) ? v.join(',') : v));
  const path = fc.record(Object.fromEntries(operation.pathParameters.map((p) => [p.name, single(p)])));
  const query = fc.record(
    Object.fromEntries(
      operation.queryParameters.map((p) => [p.name, parameterValueArbitrary(contract, p, options)]),
    ),
    { requiredKeys: operation.queryParameters.filter((p) => p.required).map((p) => p.name) },
  );
  return fc.record({ path, query });
}
