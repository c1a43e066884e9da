import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { ContractError } from './contract-error.ts';
import { indexOperations } from './index-operations.ts';
import { isJsonObject } from './json-pointer.ts';
import { createPathMatcher } from './match-path.ts';
import { dereference, findRefs, followRef, locate } from './refs.ts';
import type { Contract, JsonSchema, Operation } from './types.ts';

/** The contract the suite pins: `openapi.yaml` at the repository root. */
export const DEFAULT_CONTRACT_FILE = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

const loaded = new Map<string, Contract>();

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

function readContractFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = READ_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
    throw new ContractError(`cannot read contract file ${file}: ${reason}${code === '' ? '' : ` (${code})`}`);
  }
}

/**
 * Loads the contract from a YAML (or JSON) file, by default the repository's `openapi.yaml`. Memoized per
 * absolute path: every caller shares one Contract and its compiled validators. Throws a ContractError with
 * a one-line message when the file is missing, not YAML, not OpenAPI 3.1 or inconsistent.
 */
export function loadContract(file: string = DEFAULT_CONTRACT_FILE): Contract {
  const absolute = resolvePath(file);
  const cached = loaded.get(absolute);
  if (cached !== undefined) return cached;
  const contract = parseContract(readContractFile(absolute), absolute);
  loaded.set(absolute, contract);
  return contract;
}

/** Aliases a contract may expand: the pinned openapi.yaml needs far fewer; more is a resource-exhaustion attempt. */
const MAX_ALIAS_COUNT = 1000;

/** Parses contract text; `source` names it in error messages and becomes `Contract.source`. Not memoized. */
export function parseContract(text: string, source: string): Contract {
  const parsed = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const [error] = parsed.errors;
  if (error !== undefined) {
    const where = error.linePos?.[0];
    const what = error.message.split('\n', 1)[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const at = where === undefined ? '' : ` at line ${where.line}, column ${where.col}`;
    throw new ContractError(`${source}: YAML syntax error${at}: ${what}`);
  }
  let document: unknown;
  try {
    document = parsed.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (problem) {
    // The library's ReferenceErrors ("Excessive alias count…") name no file.
    if (!(problem instanceof ReferenceError)) throw problem;
    throw new ContractError(
      problem.message.startsWith('Excessive alias count')
        ? `${source}: its YAML aliases expand to more than ${MAX_ALIAS_COUNT} copies (an alias bomb?)`
        : `${source}: a YAML alias (*name) names no anchor (&name) set before it`,
    );
  }
  return contractFromDocument(document, source);
}

function checkIsOpenApi31(document: unknown): asserts document is Readonly<Record<string, unknown>> {
  if (!isJsonObject(document)) {
    const kind = document === null ? 'empty' : Array.isArray(document) ? 'a list' : `a ${typeof document}`;
    throw new ContractError(`is not an OpenAPI 3.1 document (its top level is ${kind}; expected a mapping)`);
  }
  const version = document.openapi;
  if (typeof version !== 'string' || !/^3\.1\.\d+$/.test(version)) {
    const found = version === undefined ? 'no "openapi" field' : `openapi: ${JSON.stringify(version)}`;
    throw new ContractError(`is not an OpenAPI 3.1 document (${found}; expected openapi: 3.1.x)`);
  }
  const info = document.info;
  if (!isJsonObject(info) || typeof info.version !== 'string' || info.version === '') {
    throw new ContractError('has no info.version (expected the API version it pins, e.g. 1.807.0)');
  }
}

function checkRefsResolve(document: unknown): void {
  for (const site of findRefs(document)) {
    const target = followRef(document, site.ref);
    if ('error' in target) throw new ContractError(`unresolvable ${target.error} at ${site.pointer}`);
  }
}

function checkUniqueOperationIds(operations: readonly Operation[]): Map<string, Operation> {
  const byId = new Map<string, Operation>();
  for (const operation of operations) {
    const previous = byId.get(operation.operationId);
    if (previous !== undefined) {
      throw new ContractError(
        `duplicate operationId "${operation.operationId}" at ${previous.pointer} and ${operation.pointer}`,
      );
    }
    byId.set(operation.operationId, operation);
  }
  return byId;
}

/** Builds a Contract from an already parsed document (tests, generated documents). */
export function contractFromDocument(document: unknown, source: string): Contract {
  try {
    checkIsOpenApi31(document);
    checkRefsResolve(document);
    const expansions = new Map<object, unknown>();
    const resolveSchema = (pointer: string): JsonSchema | undefined => {
      const found = locate(document, pointer);
      if (found === undefined) return undefined;
      const expanded = dereference(document, found.value, expansions);
      return typeof expanded === 'boolean' || isJsonObject(expanded) ? expanded : undefined;
    };
    const operations = indexOperations(document, (pointer) => resolveSchema(pointer) ?? {});
    const byId = checkUniqueOperationIds(operations);
    const info = document.info as Readonly<Record<string, unknown>>;
    return {
      version: info.version as string,
      source,
      document,
      operations,
      operation(operationId) {
        const operation = byId.get(operationId);
        if (operation === undefined) {
          throw new ContractError(
            `${source}: no operation "${operationId}" (known: ${[...byId.keys()].join(', ')})`,
          );
        }
        return operation;
      },
      match: createPathMatcher(operations),
      resolve: (pointer) => locate(document, pointer)?.value,
      resolveSchema,
    };
  } catch (error: unknown) {
    if (error instanceof ContractError && !error.message.startsWith(`${source}:`)) {
      throw new ContractError(`${source}: ${error.message}`);
    }
    throw error;
  }
}
