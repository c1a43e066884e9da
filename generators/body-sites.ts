import fc from 'fast-check';
import {
  childPointer,
  escapePointerToken,
  validateRequestBody,
  type Contract,
  type Operation,
} from '../src/contract/index.ts';
import { isJsonObject } from '../src/contract/json-pointer.ts';
import { GeneratorError } from './generator-error.ts';
import type { MutationSite } from './mutation-site.ts';
import { malformedJson, MALFORMED_JSON_VARIANTS, withDuplicateMember } from './raw-json.ts';
import {
  declaredProperties,
  itemsView,
  nodeAt,
  propertyView,
  resolveChoices,
  typesAcrossBranches,
  viewOf,
  type SchemaView,
} from './schema-view.ts';
import { MEBIBYTE, valueSites, type ValueSchema, type ValueTarget } from './value-sites.ts';
import { contentRule } from './verify-mutation.ts';
import { instancePointer, jsonWithRawValue, readablePath, setAt, type InstancePath } from './value-edit.ts';

/**
 * The mutation sites of a valid request body: a walk of the body beside its schema (choosing, at each
 * `oneOf`/`anyOf`, the branch the value takes), the value-level sites of every position, and the
 * body-level ones (not JSON, duplicate member names, another content type, no body at all).
 */

/** Content types a JSON body is sent under instead: none may be accepted as JSON. */
export const NON_JSON_CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=keys-conformance',
  'application/octet-stream',
];

/** How a body's mutations are named: the schema's name, and the branch a discriminated root takes. */
export function bodySubject(contract: Contract, operation: Operation, body: unknown): string {
  const spec = operation.requestBody;
  if (spec === undefined) return operation.operationId;
  const name = spec.pointer.split('/').at(-1) ?? operation.operationId;
  const root = viewOf(contract, nodeAt(contract, spec.mediaSchemaPointer));
  const tagged = root.choices.find((choice) => choice.discriminator !== undefined);
  if (tagged?.discriminator === undefined || !isJsonObject(body)) return name;
  return `${name}(${tagged.discriminator}=${String(body[tagged.discriminator])})`;
}

/** One place of a valid body, with what its schema says there. */
export interface BodyPosition {
  readonly path: InstancePath;
  readonly value: unknown;
  readonly schema: ValueSchema;
}

interface Walk {
  readonly contract: Contract;
  readonly positions: BodyPosition[];
  /** Schema positions already walked; undefined walks every array item and map entry. */
  readonly visited: Set<string> | undefined;
}

function walk(
  context: Walk,
  unresolved: SchemaView,
  value: unknown,
  path: InstancePath,
  schemaPath: string,
  discriminatorRule: string | undefined,
): void {
  const { contract } = context;
  const { view, picks } = resolveChoices(contract, unresolved, value, instancePointer(path) || '(root)');
  if (context.visited !== undefined) {
    // Items of one array (entries of one map) share a schema position: mutate the first one that takes
    // a given branch, not all of them.
    const key = `${schemaPath}|${picks.map((p) => `${p.choice.pointer}/${p.choice.keyword}/${p.branch}`).join(',')}`;
    if (context.visited.has(key)) return;
    context.visited.add(key);
  }
  const discriminators = new Map<string, string>();
  for (const { choice } of picks) {
    if (choice.discriminator !== undefined) {
      discriminators.set(choice.discriminator, childPointer(choice.pointer, 'discriminator'));
    }
  }
  if (view.facets.length > 0) {
    context.positions.push({
      path,
      value,
      schema: {
        view,
        types: typesAcrossBranches(contract, unresolved),
        ...(discriminatorRule === undefined ? {} : { discriminatorRule }),
        discriminators,
      },
    });
  }
  if (Array.isArray(value)) {
    const items = itemsView(contract, view);
    if (items !== undefined) {
      for (const [i, item] of (value as unknown[]).entries()) {
        walk(context, items, item, [...path, i], `${schemaPath}[]`, undefined);
      }
    }
  } else if (isJsonObject(value)) {
    const declared = declaredProperties(view);
    for (const [name, child] of Object.entries(value)) {
      const property = propertyView(contract, view, name);
      const position = declared.has(name) ? `${schemaPath}/${escapePointerToken(name)}` : `${schemaPath}/*`;
      if (property !== undefined)
        walk(context, property, child, [...path, name], position, discriminators.get(name));
    }
  }
}

/** The mutation sites of one position of a body. */
export function positionSites(operation: Operation, body: unknown, position: BodyPosition): MutationSite[] {
  const { path } = position;
  const target: ValueTarget = {
    location: 'body',
    instancePath: instancePointer(path),
    readable: readablePath(path),
    value: position.value,
    asText: false,
    oversizedLength: MEBIBYTE,
    notJsonRule: contentRule(operation),
    put: (changed) => ({ body: { json: setAt(body, path, changed) } }),
    putLiteral: (literal) => ({ body: { raw: jsonWithRawValue(body, path, literal) } }),
  };
  return valueSites(target, position.schema);
}

/** The sites of the body as a whole: not JSON, duplicate member names, another content type, no body. */
export function bodyLevelSites(operation: Operation, body: unknown): MutationSite[] {
  const rule = contentRule(operation);
  const text = JSON.stringify(body);
  const common = { location: 'body', instancePath: '', readable: '' } as const;
  const raw = (content: string, contentType?: string) => ({
    payload: { body: contentType === undefined ? { raw: content } : { raw: content, contentType } },
  });
  const sites: MutationSite[] = MALFORMED_JSON_VARIANTS.map((variant) => ({
    ...common,
    kind: 'malformed-json',
    rule,
    label: `malformed JSON (${variant})`,
    description: `the valid body's JSON text, ${variant}: not JSON`,
    candidates: () => [raw(malformedJson(text, variant))],
    fuzz: () =>
      variant === 'truncated'
        ? fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((cut) => ({
            ...raw(malformedJson(text, variant, cut)),
            detail: `${cut} of ${text.length} chars`,
          }))
        : fc.constant(raw(malformedJson(text, variant))),
  }));
  if (isJsonObject(body) && Object.keys(body).length > 0) {
    const names = Object.keys(body);
    const second = (name: string) => (typeof body[name] === 'string' ? '12345' : '"duplicate"');
    sites.push({
      ...common,
      kind: 'duplicate-key',
      rule,
      label: 'duplicate key',
      description:
        'a member name given twice with different values: not I-JSON (RFC 7493 §2.3), and parsers disagree on which wins',
      candidates: () => [
        { ...raw(withDuplicateMember(text, names[0]!, second(names[0]!))), detail: names[0]! },
      ],
      fuzz: () =>
        fc.tuple(fc.constantFrom(...names), fc.jsonValue({ maxDepth: 1 })).map(([name, value]) => ({
          ...raw(
            withDuplicateMember(
              text,
              name,
              JSON.stringify(value) === JSON.stringify(body[name]) ? second(name) : JSON.stringify(value),
            ),
          ),
          detail: name,
        })),
    });
  }
  const spec = operation.requestBody!;
  const foreign = NON_JSON_CONTENT_TYPES.filter((type) => !spec.contentTypes.includes(type));
  sites.push({
    ...common,
    kind: 'content-type',
    rule,
    label: 'content type',
    description: `the valid body sent as ${foreign[0]!}, a media type the operation does not accept`,
    candidates: () => [{ ...raw(text, foreign[0]), detail: foreign[0]! }],
    fuzz: () => fc.constantFrom(...foreign).map((type) => ({ ...raw(text, type), detail: type })),
  });
  if (spec.required) {
    sites.push({
      ...common,
      kind: 'missing-body',
      rule: childPointer(operation.pointer, 'requestBody', 'required'),
      label: 'body missing',
      description: 'an empty body where the request body is required',
      candidates: () => [raw('')],
      fuzz: () => fc.constant(raw('')),
    });
  }
  return sites;
}

/**
 * The positions of a valid body that have a schema, in document order: positions that share a schema
 * position (items of one array) once, unless `everyItem`. Throws a GeneratorError when the body is not
 * valid (unless `trusted`), since mutations of it would not break what they claim.
 */
export function bodyPositions(
  contract: Contract,
  operation: Operation,
  body: unknown,
  options: { readonly everyItem?: boolean; readonly trusted?: boolean } = {},
): BodyPosition[] {
  const spec = operation.requestBody;
  if (spec === undefined) return [];
  if (options.trusted !== true) {
    const violations = validateRequestBody(contract, operation, body);
    if (violations.length > 0) {
      throw new GeneratorError(
        `${operation.operationId}: the body given as valid is not: ${violations[0]!.message} (${violations[0]!.pointer})`,
      );
    }
  }
  const context: Walk = {
    contract,
    positions: [],
    visited: options.everyItem === true ? undefined : new Set(),
  };
  walk(context, viewOf(contract, nodeAt(contract, spec.mediaSchemaPointer)), body, [], '', undefined);
  return context.positions;
}

/** Every mutation site of a valid body (none when the operation takes no body); see `bodyPositions`. */
export function bodyMutationSites(
  contract: Contract,
  operation: Operation,
  body: unknown,
  everyItem = false,
): MutationSite[] {
  if (operation.requestBody === undefined) return [];
  const positions = bodyPositions(contract, operation, body, { everyItem });
  return [
    ...positions.flatMap((position) => positionSites(operation, body, position)),
    ...bodyLevelSites(operation, body),
  ];
}
