/**
 * The contract: load and index openapi.yaml, validate requests and responses against it, and audit the
 * contract itself. Every violation cites the pointer of the broken rule inside the contract file.
 */
export { auditContract, CONFIDENCE_VALUES, schemaSites, type ContractProblem } from './audit-contract.ts';
export { ContractError } from './contract-error.ts';
export {
  childPointer,
  escapePointerToken,
  isJsonObject,
  pointerTokens,
  valueAtPointer,
} from './json-pointer.ts';
export { contractFromDocument, DEFAULT_CONTRACT_FILE, loadContract, parseContract } from './load-contract.ts';
export { isJsonMediaType, mediaTypeOf } from './media-type.ts';
export { findRefs, locate, type Located, type RefSite } from './refs.ts';
export { compiledValidator, schemaViolations } from './schema-validators.ts';
export { bodyStringBounds, type StringBounds } from './string-bounds.ts';
export {
  allUntaughtProperties,
  untaughtOperations,
  untaughtProperties,
  type UntaughtProperty,
} from './taught-contract.ts';
export type {
  BodyExample,
  Contract,
  JsonSchema,
  Operation,
  OperationMatch,
  Parameter,
  RequestBody,
  ResponseSpec,
  SecurityRequirement,
  Violation,
  ViolationKind,
} from './types.ts';
export {
  validateParameters,
  validateRequest,
  validateRequestBody,
  type ParameterValues,
} from './validate-request.ts';
export {
  documentedResponse,
  validateExchange,
  validateResponse,
  type ResponseToValidate,
} from './validate-response.ts';
