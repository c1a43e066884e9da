import type { HttpMethod } from '../client/exchange.ts';

/** A JSON Schema (2020-12) as it appears in the contract: an object, or a boolean schema. */
export type JsonSchema = boolean | Readonly<Record<string, unknown>>;

/** One security requirement: scheme name -> scopes. All schemes of one requirement apply together. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** A path or query parameter of an operation. */
export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  /** The parameter's schema with every `$ref` expanded. */
  readonly schema: JsonSchema;
  /** Where the parameter object lives (after following `$ref`), e.g. `#/components/parameters/Limit`. */
  readonly pointer: string;
  /** `pointer` + `/schema`: the schema every value violation of this parameter cites. */
  readonly schemaPointer: string;
}

/** A named example of a request or response body. */
export interface BodyExample {
  readonly name: string;
  readonly value: unknown;
  /** Where the example value lives, e.g. `#/paths/~1keys/post/requestBody/content/application~1json/examples/x/value`. */
  readonly pointer: string;
}

/** The JSON request body of an operation. */
export interface RequestBody {
  /** Pointer of the body schema (after following a top-level `$ref`), e.g. `#/components/schemas/CreateKeyBody`. */
  readonly pointer: string;
  /** Pointer of the media type's `schema` as written in the operation (what validators compile). */
  readonly mediaSchemaPointer: string;
  /** The schema with every `$ref` expanded. */
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly contentTypes: readonly string[];
  readonly examples: readonly BodyExample[];
}

/** One documented response status of an operation. */
export interface ResponseSpec {
  /** Where the response object lives (after following `$ref`), e.g. `#/components/responses/NotFound`. */
  readonly pointer: string;
  /** Media types documented under `content`, as written (e.g. `application/json`). */
  readonly contentTypes: readonly string[];
  /** The media type whose schema is validated: the first JSON one (absent when none is documented). */
  readonly jsonContentType?: string;
  /** Pointer of that media type's `schema`, when it has one. */
  readonly schemaPointer?: string;
  readonly examples: readonly BodyExample[];
}

/** One operation of the contract, indexed by operationId and by method + path template. */
export interface Operation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template as written, e.g. `/keys/{keyId}`. */
  readonly pathTemplate: string;
  /** Pointer of the operation object, e.g. `#/paths/~1keys~1{keyId}/get`. */
  readonly pointer: string;
  readonly summary: string;
  /** True when every security alternative includes the user-action signature (`X-DFNS-USERACTION`). */
  readonly requiresUserAction: boolean;
  /** The effective security requirements (operation-level, else document-level); any one suffices. */
  readonly security: readonly SecurityRequirement[];
  readonly pathParameters: readonly Parameter[];
  readonly queryParameters: readonly Parameter[];
  readonly requestBody?: RequestBody;
  /** Documented responses by status key as written: `'200'`, `'4XX'`, `'default'`. */
  readonly responses: ReadonlyMap<string, ResponseSpec>;
}

/** The operation a request targets and the decoded values of its path parameters. */
export interface OperationMatch {
  readonly operation: Operation;
  readonly pathParams: Readonly<Record<string, string>>;
}

/** A loaded contract: the raw document (pointers cite it), its operations, and lookups. */
export interface Contract {
  /** `info.version`, e.g. `1.807.0`. */
  readonly version: string;
  /** Absolute path of the file it was loaded from, or the label given to `parseContract`. */
  readonly source: string;
  /** The document as parsed, never modified: every violation pointer resolves in it. */
  readonly document: Readonly<Record<string, unknown>>;
  readonly operations: readonly Operation[];
  /** The operation with this operationId; throws a ContractError naming the known ids when there is none. */
  operation(operationId: string): Operation;
  /** The operation a method and a percent-encoded path (no query) target, or undefined. */
  match(method: string, path: string): OperationMatch | undefined;
  /** The value at a pointer, following `$ref`s on the way and at the end; undefined when nothing is there. */
  resolve(pointer: string): unknown;
  /** The schema at a pointer with every `$ref` expanded (recursive references stay as `$ref`). */
  resolveSchema(pointer: string): JsonSchema | undefined;
}

/** The kinds of departure from the contract that the validators report. */
export type ViolationKind =
  'status_undocumented' | 'content_type' | 'body_not_json' | 'schema' | 'request_schema' | 'parameter';

/** One departure from the contract, citing the rule broken. */
export interface Violation {
  readonly kind: ViolationKind;
  /** Pointer into the contract document of the rule broken, e.g. `#/components/schemas/KeyId/pattern`. */
  readonly pointer: string;
  /** One line naming the field first: `/items/0/id: must match pattern "^key-…"`. */
  readonly message: string;
  /** Where in the instance: a JSON pointer into the body, or `/query/limit`, `/path/keyId` for parameters. */
  readonly instancePath?: string;
  /** The JSON Schema keyword that failed (`pattern`, `required`, …), for schema violations. */
  readonly keyword?: string;
}
