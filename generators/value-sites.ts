import fc from 'fast-check';
import { childPointer, escapePointerToken } from '../src/contract/index.ts';
import { isJsonObject } from '../src/contract/json-pointer.ts';
import { shortValue, type Candidate, type MutationSite, type Payload } from './mutation-site.ts';
import {
  boundOf,
  closuresOf,
  declaredProperties,
  facetsWith,
  requiredNames,
  typeAllows,
  type Facet,
  type JsonType,
  type SchemaView,
} from './schema-view.ts';
import { codePointLength, firstCodePoints, UNICODE_EDGES } from './unicode.ts';
import { deeplyNested, readablePath } from './value-edit.ts';

/**
 * The mutation sites of one value (a body position or a parameter): every rule of its schema view that a
 * changed value can break, each with deterministic candidates and a fuzz arbitrary. Nothing here checks the
 * validators; `mutations.ts` keeps only candidates that break the stated rule.
 */

/** The value being mutated and how a changed value becomes a request. */
export interface ValueTarget {
  readonly location: string;
  readonly instancePath: string;
  readonly readable: string;
  readonly value: unknown;
  /** Parameters travel as text: no null, no nesting, no lone surrogates (a URL cannot carry them). */
  readonly asText: boolean;
  /** Length of an oversized string: 1 MiB in bodies, less in URLs. */
  readonly oversizedLength: number;
  /** The rule text that is not JSON breaks (bodies: the request body's `content`); undefined for parameters. */
  readonly notJsonRule?: string;
  put(value: unknown): Payload;
  /** The value written as raw text: a JSON literal in a body, the text itself in a parameter. */
  putLiteral(literal: string): Payload;
}

/** What the schema says about the value. */
export interface ValueSchema {
  /** The view with its choices resolved for the valid value. */
  readonly view: SchemaView;
  /** Types allowed across every branch (undefined: any). */
  readonly types: ReadonlySet<JsonType> | undefined;
  /** Set when the value is a discriminator: every breakage of it is reported by the discriminator keyword. */
  readonly discriminatorRule?: string;
  /** Discriminator properties of this object value, by name, with the rule their removal breaks. */
  readonly discriminators?: ReadonlyMap<string, string>;
}

/** Bytes in one mebibyte: the size of an oversized body string. */
export const MEBIBYTE = 1024 * 1024;

type SiteSpec = Pick<MutationSite, 'kind' | 'rule' | 'label' | 'description'> & {
  readonly candidates: () => readonly Candidate[];
  readonly fuzz?: () => fc.Arbitrary<Candidate>;
};

function siteOf(target: ValueTarget, spec: SiteSpec): MutationSite {
  return {
    kind: spec.kind,
    rule: spec.rule,
    label: spec.label,
    description: spec.description,
    location: target.location,
    instancePath: target.instancePath,
    readable: target.readable,
    candidates: spec.candidates,
    fuzz: spec.fuzz ?? (() => fc.constantFrom(...spec.candidates())),
  };
}

const TYPE_SAMPLES: readonly (readonly [JsonType, unknown])[] = [
  ['string', 'wrong type'],
  ['integer', 7],
  ['number', 7.5],
  ['boolean', true],
  ['object', {}],
  ['array', []],
];

function sampleOfType(type: JsonType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return fc.string({ maxLength: 16 });
    case 'integer':
      return fc.integer();
    case 'number':
      return fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .map((n) => (Number.isInteger(n) ? n + 0.5 : n));
    case 'boolean':
      return fc.boolean();
    case 'object':
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
    case 'array':
      return fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 });
    case 'null':
      return fc.constant(null);
  }
}

function typeRuleOf(schema: ValueSchema): string | undefined {
  if (schema.discriminatorRule !== undefined) return schema.discriminatorRule;
  const facet = facetsWith(schema.view, 'type')[0];
  return facet === undefined ? undefined : childPointer(facet.pointer, 'type');
}

function typeSites(target: ValueTarget, schema: ValueSchema): MutationSite[] {
  const { types } = schema;
  const rule = typeRuleOf(schema);
  if (types === undefined || rule === undefined) return [];
  const sites: MutationSite[] = [];
  const wrong = TYPE_SAMPLES.filter(
    ([type]) =>
      !typeAllows(types, type) &&
      !(type === 'number' && types.has('integer')) &&
      (!target.asText || type === 'string'),
  );
  if (wrong.length > 0) {
    sites.push(
      siteOf(target, {
        kind: 'type',
        rule,
        label: 'wrong type',
        description: `a ${wrong.map(([t]) => t).join(' or ')} where the schema allows ${[...types].join(', ')}`,
        candidates: () => wrong.map(([type, value]) => ({ payload: target.put(value), detail: type })),
        fuzz: () =>
          fc.constantFrom(...wrong.map(([type]) => type)).chain((type) =>
            sampleOfType(type)
              // In a URL everything is text: keep it from reading as a number.
              .map((value) => (target.asText ? `x${String(value)}` : value))
              .map((value) => ({ payload: target.put(value), detail: type })),
          ),
      }),
    );
  }
  if (!target.asText && !types.has('null')) {
    sites.push(
      siteOf(target, {
        kind: 'null',
        rule,
        label: 'null',
        description: `null where the schema allows ${[...types].join(', ')} (not nullable)`,
        candidates: () => [{ payload: target.put(null) }],
      }),
    );
  }
  if (!target.asText && !types.has('object') && !types.has('array')) {
    sites.push(
      siteOf(target, {
        kind: 'deep-nesting',
        rule,
        label: 'deep nesting',
        description: `1024 nested arrays where a ${[...types].join(' or ')} is expected`,
        candidates: () => [{ payload: target.put(deeplyNested(1024)), detail: '1024 arrays' }],
        fuzz: () =>
          fc
            .tuple(fc.integer({ min: 1000, max: 4000 }), fc.constantFrom('array' as const, 'object' as const))
            .map(([depth, shape]) => ({
              payload: target.put(deeplyNested(depth, shape)),
              detail: `${depth} ${shape}s`,
            })),
      }),
    );
  }
  return sites;
}

function flipCase(text: string): string {
  const lower = text.toLowerCase();
  return lower === text ? text.toUpperCase() : lower;
}

interface Restriction {
  readonly kind: 'enum' | 'const' | 'pattern' | 'format';
  readonly rule: string;
  readonly admits: (text: string) => boolean | undefined;
}

function restrictionsOf(schema: ValueSchema): Restriction[] {
  const found: Restriction[] = [];
  const rule = (facet: Facet, keyword: string) =>
    schema.discriminatorRule ?? childPointer(facet.pointer, keyword);
  for (const facet of facetsWith(schema.view, 'enum')) {
    const values = facet.schema.enum as unknown[];
    found.push({ kind: 'enum', rule: rule(facet, 'enum'), admits: (text) => values.includes(text) });
  }
  for (const facet of facetsWith(schema.view, 'const')) {
    found.push({ kind: 'const', rule: rule(facet, 'const'), admits: (text) => facet.schema.const === text });
  }
  for (const facet of facetsWith(schema.view, 'pattern')) {
    const re = new RegExp(facet.schema.pattern as string, 'u');
    found.push({
      kind: 'pattern',
      rule: childPointer(facet.pointer, 'pattern'),
      admits: (text) => re.test(text),
    });
  }
  for (const facet of facetsWith(schema.view, 'format')) {
    // Format checks live in ajv-formats; the validators decide.
    found.push({ kind: 'format', rule: childPointer(facet.pointer, 'format'), admits: () => undefined });
  }
  return found;
}

function insertAt(text: string, at: number, insert: string): string {
  const head = firstCodePoints(text, at);
  return `${head}${insert}${text.slice(head.length)}`;
}

const BREAKERS = ['!', ' ', 'g', 'Z', '-', '/', '\t', '"', '\\', '~'];

function restrictionSites(target: ValueTarget, schema: ValueSchema): MutationSite[] {
  const { types } = schema;
  if (types !== undefined && !types.has('string')) return [];
  const base = typeof target.value === 'string' ? target.value : '';
  const sites: MutationSite[] = [];
  for (const restriction of restrictionsOf(schema)) {
    const breaks = (text: string) => restriction.admits(text) !== true;
    const { kind, rule } = restriction;
    let generic: string[];
    if (kind === 'enum' || kind === 'const') {
      generic = [flipCase(base), `${base}_x`, 'not-an-allowed-value'];
    } else if (kind === 'pattern') {
      const middle = Math.floor(codePointLength(base) / 2);
      generic = [
        insertAt(base, middle, '!'),
        `${base}!`,
        `!${base}`,
        base.slice(0, -1),
        `${base}g`,
        ' ',
        'x',
      ];
    } else {
      generic = [`${base} !`, `not a ${String(facetsWith(schema.view, 'format')[0]?.schema.format)}`];
    }
    const broken = [...new Set(generic.filter((text) => text !== base && breaks(text)))];
    if (broken.length > 0) {
      const random = fc
        .tuple(fc.nat(), fc.constantFrom(...BREAKERS))
        .map(([at, breaker]) => insertAt(base, at % (codePointLength(base) + 1), breaker))
        .map((text) => (breaks(text) ? text : broken[0]!));
      sites.push(
        siteOf(target, {
          kind,
          rule,
          label: `${kind} broken`,
          description: `a string the ${kind} does not admit`,
          candidates: () => broken.map((text) => ({ payload: target.put(text), detail: shortValue(text) })),
          fuzz: () =>
            fc
              .oneof(fc.constantFrom(...broken), random)
              .map((text) => ({ payload: target.put(text), detail: shortValue(text) })),
        }),
      );
    }
    if (kind === 'pattern' && breaks(`${base}\n`)) {
      sites.push(
        siteOf(target, {
          kind,
          rule,
          label: 'pattern broken (trailing newline)',
          description:
            'the valid value plus "\\n": "$" does not match before a final newline in ECMA-262 (it does in PCRE and Python)',
          candidates: () => [{ payload: target.put(`${base}\n`) }],
        }),
      );
    }
    sites.push(...unicodeSites(target, base, restriction));
  }
  return sites;
}

const UNICODE_MUTATIONS: readonly {
  readonly name: string;
  readonly character: string;
  readonly where: 'start' | 'middle' | 'end';
  readonly why: string;
}[] = [
  {
    name: 'zero-width space',
    character: UNICODE_EDGES.zeroWidthSpace,
    where: 'middle',
    why: 'invisible, but a different string',
  },
  {
    name: 'byte order mark',
    character: UNICODE_EDGES.byteOrderMark,
    where: 'start',
    why: 'a BOM some decoders strip',
  },
  {
    name: 'combining mark',
    character: UNICODE_EDGES.combiningAcute,
    where: 'end',
    why: 'one more code point, same glyph count',
  },
  {
    name: 'NUL',
    character: UNICODE_EDGES.nul,
    where: 'end',
    why: 'C strings end here, so a truncating server sees the valid value',
  },
  {
    name: 'lone surrogate',
    character: UNICODE_EDGES.loneHighSurrogate,
    where: 'end',
    why: 'a \\ud800 escape, which no UTF-8 can carry',
  },
];

function unicodeSites(target: ValueTarget, base: string, restriction: Restriction): MutationSite[] {
  const sites: MutationSite[] = [];
  const place = (character: string, where: 'start' | 'middle' | 'end') =>
    where === 'start'
      ? `${character}${base}`
      : where === 'end'
        ? `${base}${character}`
        : insertAt(base, Math.floor(codePointLength(base) / 2), character);
  const payloadOf = (text: string, lone: boolean) =>
    lone ? target.putLiteral(JSON.stringify(text)) : target.put(text);
  for (const edit of UNICODE_MUTATIONS) {
    const lone = edit.character === UNICODE_EDGES.loneHighSurrogate;
    if (lone && target.asText) continue;
    const text = place(edit.character, edit.where);
    if (restriction.admits(text) === true) continue;
    sites.push(
      siteOf(target, {
        kind: 'unicode',
        rule: restriction.rule,
        label: `unicode: ${edit.name}`,
        description: `the valid value with a ${edit.name} (${edit.why}); the ${restriction.kind} does not admit it`,
        candidates: () => [{ payload: payloadOf(text, lone) }],
        fuzz: () =>
          fc.nat().map((at) => {
            const moved = insertAt(base, at % (codePointLength(base) + 1), edit.character);
            return { payload: payloadOf(restriction.admits(moved) === true ? text : moved, lone) };
          }),
      }),
    );
  }
  return sites;
}

/**
 * Half the draws exactly one past the bound, the rest further out, as the numeric bounds draw: a server
 * still enforcing an older, looser bound refuses only the values past both, so a tightened bound is seen
 * only at its edge.
 */
function pastBound(edge: number, further: fc.Arbitrary<number>): fc.Arbitrary<number> {
  return fc.oneof(fc.constant(edge), further);
}

function padTo(text: string, length: number, character: string): string {
  return `${text}${character.repeat(Math.max(0, length - codePointLength(text)))}`;
}

function lastCodePoint(text: string): string {
  return Array.from(text).at(-1) ?? 'a';
}

function lengthSites(target: ValueTarget, schema: ValueSchema): MutationSite[] {
  const { types, view } = schema;
  const sites: MutationSite[] = [];
  if (types === undefined || types.has('string')) {
    const base = typeof target.value === 'string' ? target.value : '';
    const pad = lastCodePoint(base);
    const max = boundOf(view, 'maxLength');
    const min = boundOf(view, 'minLength');
    if (max !== undefined) {
      const n = max.value + 1;
      sites.push(
        siteOf(target, {
          kind: 'maxLength',
          rule: max.rule,
          label: 'maxLength+1',
          description: `${n} code points where at most ${max.value} are allowed`,
          candidates: () =>
            [padTo(base, n, pad), padTo(base, n, 'a'), 'a'.repeat(n)].map((text) => ({
              payload: target.put(text),
            })),
          fuzz: () =>
            pastBound(n, fc.integer({ min: n, max: n + 64 })).map((length) => ({
              payload: target.put(padTo(base, length, pad)),
              detail: `${length} code points`,
            })),
        }),
      );
      if (max.value < target.oversizedLength) {
        const size = target.oversizedLength;
        sites.push(
          siteOf(target, {
            kind: 'oversized',
            rule: max.rule,
            label: 'oversized',
            description: `a string of ${size} code points where at most ${max.value} are allowed`,
            candidates: () => [{ payload: target.put('a'.repeat(size)), detail: `${size} chars` }],
            // ASCII padding: the rule broken is the length, and an astral pad would make a URL parameter
            // twelve times longer once percent-encoded (past what HTTP stacks accept at all).
            fuzz: () =>
              fc.integer({ min: Math.min(size, Math.max(n, 64 * 1024)), max: size }).map((length) => ({
                payload: target.put(padTo(base, length, 'a')),
                detail: `${length} chars`,
              })),
          }),
        );
      }
    }
    if (min !== undefined && min.value >= 1) {
      sites.push(
        siteOf(target, {
          kind: 'minLength',
          rule: min.rule,
          label: 'minLength-1',
          description: `${min.value - 1} code points where at least ${min.value} are required`,
          candidates: () =>
            [firstCodePoints(base, min.value - 1), 'a'.repeat(min.value - 1)].map((text) => ({
              payload: target.put(text),
            })),
          fuzz: () =>
            pastBound(min.value - 1, fc.integer({ min: 0, max: min.value - 1 })).map((length) => ({
              payload: target.put(firstCodePoints(base, length)),
            })),
        }),
      );
    }
  }
  if (!target.asText && Array.isArray(target.value) && (types === undefined || types.has('array'))) {
    const items = target.value as unknown[];
    const max = boundOf(view, 'maxItems');
    const min = boundOf(view, 'minItems');
    if (max !== undefined) {
      const grow = (count: number) => [
        ...items,
        ...Array.from({ length: Math.max(0, count - items.length) }, () => items.at(-1) ?? null),
      ];
      sites.push(
        siteOf(target, {
          kind: 'maxItems',
          rule: max.rule,
          label: 'maxItems+1',
          description: `${max.value + 1} items where at most ${max.value} are allowed`,
          candidates: () => [{ payload: target.put(grow(max.value + 1)) }],
          fuzz: () =>
            pastBound(max.value + 1, fc.integer({ min: max.value + 1, max: max.value + 8 })).map((count) => ({
              payload: target.put(grow(count)),
            })),
        }),
      );
    }
    if (min !== undefined && min.value >= 1) {
      sites.push(
        siteOf(target, {
          kind: 'minItems',
          rule: min.rule,
          label: 'minItems-1',
          description: `${min.value - 1} items where at least ${min.value} are required`,
          candidates: () => [{ payload: target.put(items.slice(0, min.value - 1)) }],
          fuzz: () =>
            pastBound(min.value - 1, fc.integer({ min: 0, max: min.value - 1 })).map((count) => ({
              payload: target.put(items.slice(0, count)),
            })),
        }),
      );
    }
  }
  return sites;
}

function numberSites(target: ValueTarget, schema: ValueSchema): MutationSite[] {
  const { types, view } = schema;
  if (types !== undefined && !types.has('integer') && !types.has('number')) return [];
  const integral = types !== undefined && types.has('integer') && !types.has('number');
  const sites: MutationSite[] = [];
  const put = (value: number) => target.put(value);
  const bound = (
    keyword: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum',
    label: string,
    outside: (limit: number) => number,
    random: (limit: number) => fc.Arbitrary<number>,
    says: (limit: number) => string,
  ) => {
    const found = boundOf(view, keyword);
    if (found === undefined) return;
    const value = outside(found.value);
    sites.push(
      siteOf(target, {
        kind: keyword,
        rule: found.rule,
        label,
        description: `${value}: ${says(found.value)}`,
        candidates: () => [{ payload: put(value), detail: String(value) }],
        fuzz: () =>
          fc
            .oneof(fc.constant(value), random(found.value))
            .map((n) => ({ payload: put(n), detail: String(n) })),
      }),
    );
  };
  const below = (limit: number, inclusive: boolean) =>
    integral
      ? fc.integer({
          min: Math.max(Number.MIN_SAFE_INTEGER, Math.ceil(limit) - 2 ** 31),
          max: inclusive ? Math.ceil(limit) - 1 : Math.floor(limit),
        })
      : fc.double({
          max: limit,
          maxExcluded: inclusive,
          noNaN: true,
          noDefaultInfinity: true,
          min: limit - 2 ** 31,
        });
  const above = (limit: number, inclusive: boolean) =>
    integral
      ? fc.integer({
          min: inclusive ? Math.floor(limit) + 1 : Math.ceil(limit),
          max: Math.min(Number.MAX_SAFE_INTEGER, Math.floor(limit) + 2 ** 31),
        })
      : fc.double({
          min: limit,
          minExcluded: inclusive,
          noNaN: true,
          noDefaultInfinity: true,
          max: limit + 2 ** 31,
        });
  bound(
    'minimum',
    'minimum-1',
    (m) => (integral ? Math.ceil(m) - 1 : m - 1),
    (m) => below(m, true),
    (m) => `below the minimum ${m}`,
  );
  bound(
    'maximum',
    'maximum+1',
    (m) => (integral ? Math.floor(m) + 1 : m + 1),
    (m) => above(m, true),
    (m) => `above the maximum ${m}`,
  );
  bound(
    'exclusiveMinimum',
    'exclusiveMinimum bound',
    (m) => (integral ? Math.floor(m) : m),
    (m) => below(m, false),
    (m) => `not above the exclusive minimum ${m}`,
  );
  bound(
    'exclusiveMaximum',
    'exclusiveMaximum bound',
    (m) => (integral ? Math.ceil(m) : m),
    (m) => above(m, false),
    (m) => `not below the exclusive maximum ${m}`,
  );
  const typeRule = typeRuleOf(schema);
  if (integral && typeRule !== undefined) {
    const base = typeof target.value === 'number' ? target.value : 1;
    // Beyond 2^52 a double has no fraction bits: base + 0.5 would round back to an integer.
    const values = [base + 0.5, base - 0.5, 1.5, -1.5].filter((v) => !Number.isInteger(v));
    sites.push(
      siteOf(target, {
        kind: 'integer',
        rule: typeRule,
        label: 'not an integer',
        description: 'a number with a fraction where an integer is required',
        candidates: () => values.map((value) => ({ payload: put(value), detail: String(value) })),
        fuzz: () =>
          fc
            .oneof(
              fc.constantFrom(...values),
              fc
                .double({ noNaN: true, noDefaultInfinity: true, min: -(2 ** 31), max: 2 ** 31 })
                .map((n) => (Number.isInteger(n) ? n + 0.5 : n)),
            )
            .map((value) => ({ payload: put(value), detail: String(value) })),
      }),
    );
  }
  sites.push(...numberEdgeSites(target, schema, typeRule));
  return sites;
}

function numberEdgeSites(
  target: ValueTarget,
  schema: ValueSchema,
  typeRule: string | undefined,
): MutationSite[] {
  const { view } = schema;
  const sites: MutationSite[] = [];
  const edge = (literal: string, rule: string | undefined, why: string, instancePath?: string) => {
    if (rule === undefined) return;
    sites.push(
      siteOf(target, {
        kind: 'number-edge',
        rule,
        label: `number edge: ${literal}`,
        description: `${literal}: ${why}`,
        candidates: () => [
          { payload: target.putLiteral(literal), ...(instancePath === undefined ? {} : { instancePath }) },
        ],
      }),
    );
  };
  const low = boundOf(view, 'minimum') ?? boundOf(view, 'exclusiveMinimum');
  const high = boundOf(view, 'maximum') ?? boundOf(view, 'exclusiveMaximum');
  const overflow =
    'beyond IEEE-754 double range, it parses to Infinity, which the validators do not take for a number (I-JSON, RFC 7493 §2.2)';
  // Only where a bound exists, so the value is out of range whether or not a reader keeps it as a number.
  if (low !== undefined) edge('-1e309', typeRule, `${overflow}; and below ${low.value}`);
  if (high !== undefined) edge('1e309', typeRule, `${overflow}; and above ${high.value}`);
  const negativeZero = (
    [
      ['minimum', (m: number) => m > 0],
      ['exclusiveMinimum', (m: number) => m >= 0],
      ['maximum', (m: number) => m < 0],
      ['exclusiveMaximum', (m: number) => m <= 0],
    ] as const
  ).find(([keyword, excludes]) => {
    const found = boundOf(view, keyword);
    return found !== undefined && excludes(found.value);
  });
  if (negativeZero !== undefined) {
    edge(
      '-0',
      boundOf(view, negativeZero[0])!.rule,
      `negative zero equals 0, which the ${negativeZero[0]} excludes`,
    );
  }
  if (target.asText) edge('NaN', typeRule, 'text, not a number');
  else edge('NaN', target.notJsonRule, 'not representable in JSON, so the body is not JSON', '');
  return sites;
}

function propertyPointer(target: ValueTarget, name: string): string {
  return `${target.instancePath}/${escapePointerToken(name)}`;
}

function objectSites(target: ValueTarget, schema: ValueSchema): MutationSite[] {
  const { value } = target;
  if (target.asText || !isJsonObject(value)) return [];
  const sites: MutationSite[] = [];
  for (const { name, rule } of requiredNames(schema.view)) {
    if (!Object.hasOwn(value, name)) continue;
    const cited = schema.discriminators?.get(name) ?? rule;
    const { [name]: _removed, ...rest } = value;
    sites.push({
      ...siteOf(target, {
        kind: 'required',
        rule: cited,
        label: 'removed',
        description: `required property "${name}" left out`,
        candidates: () => [{ payload: target.put(rest) }],
      }),
      instancePath: propertyPointer(target, name),
      readable: `${target.readable}${readablePath([name])}`,
    });
  }
  const declared = declaredProperties(schema.view);
  const seen = new Set<string>();
  for (const closure of closuresOf(schema.view)) {
    if (seen.has(closure.rule)) continue;
    seen.add(closure.rule);
    let name = 'unexpectedProperty';
    for (let i = 2; declared.has(name) || Object.hasOwn(value, name) || closure.allows(name); i++)
      name = `unexpectedProperty${i}`;
    const fixed = name;
    const withProperty = (key: string, extra: unknown): Candidate => ({
      payload: target.put({ ...value, [key]: extra }),
      instancePath: propertyPointer(target, key),
      readable: `${target.readable}${readablePath([key])}`,
    });
    sites.push(
      siteOf(target, {
        kind: closure.keyword,
        rule: closure.rule,
        label: 'property added',
        description: `an undeclared property where ${closure.keyword} is false`,
        candidates: () => [withProperty(fixed, 'x')],
        fuzz: () =>
          fc
            .tuple(fc.string({ minLength: 1, maxLength: 24 }), fc.jsonValue({ maxDepth: 2 }))
            .map(([key, extra]) =>
              withProperty(
                declared.has(key) || Object.hasOwn(value, key) || closure.allows(key) || key === '__proto__'
                  ? fixed
                  : key,
                extra,
              ),
            ),
      }),
    );
  }
  return sites;
}

/** Every mutation site of one value under its schema. */
export function valueSites(target: ValueTarget, schema: ValueSchema): MutationSite[] {
  return [
    ...typeSites(target, schema),
    ...restrictionSites(target, schema),
    ...lengthSites(target, schema),
    ...numberSites(target, schema),
    ...objectSites(target, schema),
  ];
}
