/**
 * Generators: fast-check arbitraries and deterministic sweeps derived from the contract. Valid values from
 * its JSON Schemas, invalid mutations that each name the rule they break, and domain values (hex hashes,
 * messages, scheme/curve pairs, known keys, key names, ImportKey share sets, semantically valid bodies).
 */
export { GeneratorError } from './generator-error.ts';
export {
  arbitraryFromResolvedSchema,
  arbitraryFromSchema,
  parametersArbitrary,
  parameterText,
  parameterValueArbitrary,
  SUPPORTED_FORMATS,
  type GeneratedParameters,
  type SchemaArbitraryOptions,
} from './from-schema.ts';
export {
  MUTATION_KINDS,
  mutationRequestBody,
  type Mutation,
  type MutationBody,
  type MutationKind,
} from './mutation.ts';
export {
  enumerateMutations,
  enumerateParameterMutations,
  invalidBodyArbitrary,
  invalidParametersArbitrary,
  type DroppedMutation,
  type InvalidArbitraryOptions,
  type MutationOptions,
} from './mutations.ts';
export type { ParameterSet } from './parameter-sites.ts';
export { bodyBreaches, contentRule, type Breach } from './verify-mutation.ts';
export {
  duplicateKeyIn,
  MALFORMED_JSON_VARIANTS,
  malformedJson,
  type MalformedJsonVariant,
} from './raw-json.ts';
export { NON_JSON_CONTENT_TYPES } from './body-sites.ts';
export { SUPPORTED_KEYWORDS } from './schema-view.ts';
export { codePointLength, UNICODE_EDGES, type UnicodeEdge } from './unicode.ts';
export {
  DOCUMENTED_KEY_FORMATS,
  hexBytesArbitrary,
  hexHashArbitrary,
  hexMessageArbitrary,
  invalidSchemeCurvePairArbitrary,
  keyNameArbitrary,
  knownKeyArbitrary,
  schemeCurvePairArbitrary,
  schemeCurvePairs,
  starkHashArbitrary,
  taprootMerkleRootArbitrary,
  type HexPrefix,
  type SchemeCurvePair,
} from './domain.ts';
export {
  BROKEN_IMPORT_LABELS,
  importShareSetArbitrary,
  PROTOCOL_CURVES,
  signersFromListSigners,
  type ImportShareSet,
  type ImportShareSetLabel,
  type ImportShareSetOptions,
} from './import-share-sets.ts';
export { keyNamesFor, validRequestFor, type RequestContext } from './valid-request.ts';
