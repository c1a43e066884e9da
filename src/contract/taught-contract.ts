import { childPointer, isJsonObject } from './json-pointer.ts';
import { locate } from './refs.ts';
import type { Contract } from './types.ts';

/**
 * The request body properties the suite was written for, as of contract 1.807.0: the generators and the
 * hand-written requests send them, or leave them out on purpose (`deriveFrom`, `storeId`, `delegateTo` and
 * `masterKey` need resources or capabilities of their own). GenerateSignature's body is a union of kinds
 * and has no list.
 */
const TAUGHT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  CreateKey: [
    'scheme',
    'curve',
    'name',
    'masterKey',
    'deriveFrom',
    'storeId',
    'delegateTo',
    'delayDelegation',
  ],
  ImportKey: ['name', 'curve', 'protocol', 'minSigners', 'encryptedKeyShares', 'masterKey'],
  UpdateKey: ['name'],
  DelegateKey: ['delegateTo'],
  DeriveKey: ['domain', 'seed'],
  ExportKey: ['encryptionKey', 'supportedSchemes'],
  CreateUserActionChallenge: [
    'userActionHttpMethod',
    'userActionHttpPath',
    'userActionPayload',
    'userActionServerKind',
  ],
  CreateUserActionSignature: ['challengeIdentifier', 'firstFactor', 'secondFactor'],
};

/**
 * The operations the suite was written for, as of contract 1.807.0: each has hand-written requests,
 * semantically valid generators and tests of what it does. An operation a later contract adds is tested
 * from its schemas alone (see `untaughtOperations`).
 */
const TAUGHT_OPERATIONS: readonly string[] = [
  'ListKeys',
  'CreateKey',
  'ImportKey',
  'GetKey',
  'UpdateKey',
  'DeleteKey',
  'DelegateKey',
  'DeriveKey',
  'ExportKey',
  'ListSignatures',
  'GenerateSignature',
  'GetSignature',
  'ListSigners',
  'CreateUserActionChallenge',
  'CreateUserActionSignature',
];

/** The contract's operations the suite was not written for (a newer contract's), in the contract's order. */
export function untaughtOperations(contract: Contract): string[] {
  return contract.operations.map((o) => o.operationId).filter((id) => !TAUGHT_OPERATIONS.includes(id));
}

/** A top-level property of an operation's body that the suite was not written for. */
export interface UntaughtProperty {
  readonly operationId: string;
  readonly name: string;
  readonly required: boolean;
  /** Where its schema lives in the contract. */
  readonly pointer: string;
}

/**
 * The properties a later contract added to an operation's body (an object schema) that the suite was not
 * written for; empty for operations without a list.
 */
export function untaughtProperties(contract: Contract, operationId: string): UntaughtProperty[] {
  const taught = TAUGHT_PROPERTIES[operationId];
  const body = contract.operations.find((o) => o.operationId === operationId)?.requestBody;
  if (taught === undefined || body === undefined) return [];
  const schema = locate(contract.document, body.mediaSchemaPointer);
  if (schema === undefined || !isJsonObject(schema.value) || !isJsonObject(schema.value.properties))
    return [];
  const required = Array.isArray(schema.value.required) ? schema.value.required : [];
  return Object.keys(schema.value.properties)
    .filter((name) => !taught.includes(name))
    .map((name) => ({
      operationId,
      name,
      required: required.includes(name),
      pointer: childPointer(schema.pointer, 'properties', name),
    }));
}

/** Every operation's untaught properties, in the contract's operation order. */
export function allUntaughtProperties(contract: Contract): UntaughtProperty[] {
  return contract.operations.flatMap((operation) => untaughtProperties(contract, operation.operationId));
}
