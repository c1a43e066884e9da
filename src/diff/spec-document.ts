import { DiffInputError } from './errors.ts';
import { isRecord } from './json-pointer.ts';
import type { SpecDocument } from './ref-resolver.ts';

/** Checks that a parsed value is an OpenAPI 3.x document; throws a one-line DiffInputError otherwise. */
export function asSpecDocument(document: unknown, source: string): SpecDocument {
  if (!isRecord(document)) {
    throw new DiffInputError(
      `${source}: not an OpenAPI document; expected a YAML or JSON object at the top level`,
    );
  }
  const version = document.openapi;
  if (typeof version !== 'string' || !/^3\.\d+(\.\d+)?/.test(version)) {
    const found =
      'swagger' in document
        ? `swagger ${String(document.swagger)}`
        : version === undefined
          ? 'no "openapi" field'
          : `openapi ${JSON.stringify(version)}`;
    throw new DiffInputError(
      `${source}: not an OpenAPI 3.x document (found ${found}); expected "openapi" 3.x, such as 3.0.3, 3.1.0 or 3.2.0`,
    );
  }
  if ('paths' in document && !isRecord(document.paths)) {
    throw new DiffInputError(`${source}: "paths" must be an object mapping path templates to path items`);
  }
  return { document, source };
}

/** `info.version`, or `unknown` when the document does not say. */
export function specVersion(spec: SpecDocument): string {
  const info = spec.document.info;
  const version = isRecord(info) ? info.version : undefined;
  return typeof version === 'string' || typeof version === 'number' ? String(version) : 'unknown';
}
