import type { Handler } from './handlers/handler.ts';
import { exportKey, importKey } from './handlers/import-export.ts';
import { createKey, delegateKey, deleteKey, getKey, listKeys, updateKey } from './handlers/keys.ts';
import { deriveKey, generateSignature, getSignature, listSignatures } from './handlers/signatures.ts';
import {
  createUserActionChallenge,
  createUserActionSignature,
  listSigners,
} from './handlers/signers-auth.ts';

/** operationId -> handler, for every operation of openapi.yaml (the server refuses to start otherwise). */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  CreateKey: createKey,
  ListKeys: listKeys,
  ImportKey: importKey,
  GetKey: getKey,
  UpdateKey: updateKey,
  DeleteKey: deleteKey,
  DelegateKey: delegateKey,
  DeriveKey: deriveKey,
  ExportKey: exportKey,
  GenerateSignature: generateSignature,
  ListSignatures: listSignatures,
  GetSignature: getSignature,
  ListSigners: listSigners,
  CreateUserActionChallenge: createUserActionChallenge,
  CreateUserActionSignature: createUserActionSignature,
};
