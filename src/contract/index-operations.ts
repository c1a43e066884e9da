import type { HttpMethod } from '../client/exchange.ts';
import { ContractError } from './contract-error.ts';
import { childPointer, isJsonObject } from './json-pointer.ts';
import { isJsonMediaType } from './media-type.ts';
import { followRefChain } from './refs.ts';
import type {
  BodyExample,
  JsonSchema,
  Operation,
  Parameter,
  RequestBody,
  ResponseSpec,
  SecurityRequirement,
} from './types.ts';

const METHODS: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const PARAMETER_LOCATIONS = new Set(['path', 'query', 'header', 'cookie']);

/** Expands a schema at a pointer; supplied by the loader so that expansions are shared per contract. */
export type SchemaExpander = (pointer: string) => JsonSchema;

interface IndexContext {
  readonly document: Readonly<Record<string, unknown>>;
  readonly expand: SchemaExpander;
}

function objectAt(
  context: IndexContext,
  pointer: string,
  value: unknown,
): { pointer: string; value: Readonly<Record<string, unknown>> } {
  const located = followRefChain(context.document, { pointer, value });
  if (located === undefined || !isJsonObject(located.value)) {
    throw new ContractError(`${pointer} is not an object (or its $ref chain is broken or circular)`);
  }
  return { pointer: located.pointer, value: located.value };
}

function parametersOf(context: IndexContext, pointer: string, list: unknown): Map<string, Parameter> {
  const parameters = new Map<string, Parameter>();
  if (list === undefined) return parameters;
  if (!Array.isArray(list)) throw new ContractError(`${pointer} must be a list of parameters`);
  list.forEach((item: unknown, index) => {
    const { pointer: at, value } = objectAt(context, childPointer(pointer, index), item);
    const name = value.name;
    const location = value.in;
    if (typeof name !== 'string' || typeof location !== 'string' || !PARAMETER_LOCATIONS.has(location)) {
      throw new ContractError(`${at} needs a "name" and an "in" of path, query, header or cookie`);
    }
    if (value.schema === undefined) {
      throw new ContractError(`${at} has no "schema" (parameters described by "content" are not supported)`);
    }
    const schemaPointer = childPointer(at, 'schema');
    parameters.set(`${location}:${name}`, {
      name,
      in: location as Parameter['in'],
      required: value.required === true,
      schema: context.expand(schemaPointer),
      pointer: at,
      schemaPointer,
    });
  });
  return parameters;
}

function examplesOf(context: IndexContext, mediaPointer: string, media: Readonly<Record<string, unknown>>) {
  const examples: BodyExample[] = [];
  if (media.example !== undefined) {
    examples.push({ name: 'example', value: media.example, pointer: childPointer(mediaPointer, 'example') });
  }
  if (isJsonObject(media.examples)) {
    for (const [name, raw] of Object.entries(media.examples)) {
      const { pointer, value } = objectAt(context, childPointer(mediaPointer, 'examples', name), raw);
      // Examples given only by externalValue cannot be checked offline; they are left out.
      if (value.value !== undefined)
        examples.push({ name, value: value.value, pointer: childPointer(pointer, 'value') });
    }
  }
  return examples;
}

function firstJsonMediaType(content: Readonly<Record<string, unknown>>): string | undefined {
  return Object.keys(content).find(isJsonMediaType);
}

function requestBodyOf(
  context: IndexContext,
  operationPointer: string,
  raw: unknown,
): RequestBody | undefined {
  if (raw === undefined) return undefined;
  const body = objectAt(context, childPointer(operationPointer, 'requestBody'), raw);
  const content = isJsonObject(body.value.content) ? body.value.content : {};
  const mediaType = firstJsonMediaType(content);
  if (mediaType === undefined) {
    throw new ContractError(`${body.pointer} documents no JSON media type (expected application/json)`);
  }
  const media = objectAt(context, childPointer(body.pointer, 'content', mediaType), content[mediaType]);
  const mediaSchemaPointer = childPointer(media.pointer, 'schema');
  const schema = followRefChain(context.document, { pointer: mediaSchemaPointer, value: media.value.schema });
  if (media.value.schema === undefined || schema === undefined) {
    throw new ContractError(`${media.pointer} has no usable "schema"`);
  }
  return {
    pointer: schema.pointer,
    mediaSchemaPointer,
    schema: context.expand(mediaSchemaPointer),
    required: body.value.required === true,
    contentTypes: Object.keys(content),
    examples: examplesOf(context, media.pointer, media.value),
  };
}

function responsesOf(
  context: IndexContext,
  operationPointer: string,
  raw: unknown,
): Map<string, ResponseSpec> {
  const responsesPointer = childPointer(operationPointer, 'responses');
  if (!isJsonObject(raw))
    throw new ContractError(`${responsesPointer} is missing (every operation documents its responses)`);
  const responses = new Map<string, ResponseSpec>();
  for (const [status, entry] of Object.entries(raw)) {
    const response = objectAt(context, childPointer(responsesPointer, status), entry);
    const content = isJsonObject(response.value.content) ? response.value.content : {};
    const jsonContentType = firstJsonMediaType(content);
    let schemaPointer: string | undefined;
    let examples: BodyExample[] = [];
    if (jsonContentType !== undefined) {
      const media = objectAt(
        context,
        childPointer(response.pointer, 'content', jsonContentType),
        content[jsonContentType],
      );
      if (media.value.schema !== undefined) schemaPointer = childPointer(media.pointer, 'schema');
      examples = examplesOf(context, media.pointer, media.value);
    }
    responses.set(status, {
      pointer: response.pointer,
      contentTypes: Object.keys(content),
      ...(jsonContentType === undefined ? {} : { jsonContentType }),
      ...(schemaPointer === undefined ? {} : { schemaPointer }),
      examples,
    });
  }
  return responses;
}

function securityOf(pointer: string, raw: unknown): SecurityRequirement[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || !raw.every(isJsonObject))
    throw new ContractError(`${pointer} must be a list of requirements`);
  return raw as SecurityRequirement[];
}

/** Names of security schemes that carry the user-action signature (an apiKey in header X-DFNS-USERACTION). */
function userActionSchemes(document: Readonly<Record<string, unknown>>): Set<string> {
  const components = isJsonObject(document.components) ? document.components : {};
  const schemes = isJsonObject(components.securitySchemes) ? components.securitySchemes : {};
  const names = new Set<string>();
  for (const [name, scheme] of Object.entries(schemes)) {
    if (
      isJsonObject(scheme) &&
      scheme.type === 'apiKey' &&
      scheme.in === 'header' &&
      typeof scheme.name === 'string' &&
      scheme.name.toLowerCase() === 'x-dfns-useraction'
    ) {
      names.add(name);
    }
  }
  return names;
}

/**
 * Every operation of the document, in document order, with parameters merged (operation over path item),
 * `$ref`s followed, and schemas expanded. Structural problems throw a ContractError naming the pointer.
 */
export function indexOperations(
  document: Readonly<Record<string, unknown>>,
  expand: SchemaExpander,
): Operation[] {
  const context: IndexContext = { document, expand };
  const paths = document.paths;
  if (!isJsonObject(paths)) throw new ContractError('#/paths is missing (expected the API paths)');
  const documentSecurity = securityOf('#/security', document.security);
  const userAction = userActionSchemes(document);
  const operations: Operation[] = [];
  for (const [pathTemplate, rawItem] of Object.entries(paths)) {
    const item = objectAt(context, childPointer('#/paths', pathTemplate), rawItem);
    const shared = parametersOf(context, childPointer(item.pointer, 'parameters'), item.value.parameters);
    for (const method of METHODS) {
      const raw = item.value[method.toLowerCase()];
      if (raw === undefined) continue;
      const pointer = childPointer(item.pointer, method.toLowerCase());
      if (!isJsonObject(raw)) throw new ContractError(`${pointer} is not an operation object`);
      const operationId = raw.operationId;
      if (typeof operationId !== 'string' || operationId === '') {
        throw new ContractError(`${pointer} has no operationId (every operation needs one)`);
      }
      const own = parametersOf(context, childPointer(pointer, 'parameters'), raw.parameters);
      const parameters = [...new Map([...shared, ...own]).values()];
      const security =
        raw.security === undefined
          ? documentSecurity
          : securityOf(childPointer(pointer, 'security'), raw.security);
      const requestBody = requestBodyOf(context, pointer, raw.requestBody);
      operations.push({
        operationId,
        method,
        pathTemplate,
        pointer,
        summary: typeof raw.summary === 'string' ? raw.summary : '',
        requiresUserAction:
          security.length > 0 &&
          security.every((requirement) => Object.keys(requirement).some((n) => userAction.has(n))),
        security,
        pathParameters: parameters.filter((p) => p.in === 'path'),
        queryParameters: parameters.filter((p) => p.in === 'query'),
        ...(requestBody === undefined ? {} : { requestBody }),
        responses: responsesOf(context, pointer, raw.responses),
      });
    }
  }
  return operations;
}
