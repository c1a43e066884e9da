import fc from 'fast-check';
import type { TestContext } from 'vitest';
import { parametersArbitrary, validRequestFor } from '../generators/index.ts';
import { isJsonObject, untaughtOperations } from '../src/contract/index.ts';
import type { Harness } from '../src/harness/harness.ts';
import { PreconditionError } from '../src/harness/precondition.ts';
import {
  prepareValidRequest,
  PREPARABLE,
  type PreparableOperation,
  type ValidRequest,
} from '../src/harness/valid-requests.ts';
import type { KeyFormat } from '../src/run/profile.ts';
import { bindResources } from '../src/run/replay-resources.ts';

/**
 * Operations of a newer contract than the suite (see `untaughtOperations`). The suite cannot judge what
 * they do, but it can judge their form: auth, and refusal of requests their schemas forbid. For that a test
 * needs a request whose path names real resources and whose body and parameters the schemas allow.
 */

/** The path parameters whose resources the suite can make for any operation: a key, and a signature of it. */
const BINDABLE_PATH_PARAMETERS: readonly string[] = ['keyId', 'signatureId'];

export function isUntaught(h: Harness, operationId: string): boolean {
  return untaughtOperations(h.contract).includes(operationId);
}

/**
 * The names of an untaught operation's path parameters and the signing format its key will have; skips the
 * test as not applicable when the path names a resource the suite cannot make, or the profile signs nothing.
 */
export function untaughtPath(
  h: Harness,
  context: TestContext,
  operationId: string,
): { readonly names: readonly string[]; readonly format: KeyFormat } {
  const names = h.contract.operation(operationId).pathParameters.map((p) => p.name);
  const unbindable = names.filter((name) => !BINDABLE_PATH_PARAMETERS.includes(name));
  if (unbindable.length > 0) {
    return context.skip(
      `not applicable: ${operationId} is newer than this suite and its path names ${unbindable.map((n) => `{${n}}`).join(', ')}, a resource the suite cannot make`,
    );
  }
  const format = h.profile.keyFormats.find((f) => f.scheme !== 'DH');
  if (format === undefined) return context.skip('not applicable: the profile lists no signing key format');
  return { names, format };
}

function jsonObjectBody(
  context: TestContext,
  operationId: string,
  body: unknown,
): Readonly<Record<string, unknown>> {
  if (isJsonObject(body)) return body;
  return context.skip(
    `not applicable: ${operationId} is newer than this suite and its body is not a JSON object, which these tests mutate`,
  );
}

function boundValue(bindings: Readonly<Record<string, string>>, operationId: string, name: string): string {
  const value = bindings[name];
  if (value === undefined) throw new Error(`${operationId}: no resource was made for path.${name}`);
  return value;
}

/**
 * A request of an untaught operation: the resources its path names made for real, its body and required
 * query parameters drawn from their schemas (one value, the same in every run).
 */
export async function untaughtRequest(
  h: Harness,
  context: TestContext,
  operationId: string,
  label: string,
): Promise<ValidRequest> {
  const { names, format } = untaughtPath(h, context, operationId);
  const { bindings } =
    names.length === 0
      ? { bindings: {} }
      : await bindResources(
          h,
          { key: { scheme: format.scheme, curve: format.curve }, signature: names.includes('signatureId') },
          label,
        );
  const operation = h.contract.operation(operationId);
  const drawn = fc.sample(
    fc.tuple(
      parametersArbitrary(h.contract, operation, { loneSurrogates: false }),
      validRequestFor(h.contract, operationId, { keyScheme: format.scheme, curve: format.curve }),
    ),
    { numRuns: 1, seed: 1 },
  )[0];
  if (drawn === undefined) throw new Error(`${operationId}: fast-check drew no request`);
  const [parameters, body] = drawn;
  const required = new Set(operation.queryParameters.filter((p) => p.required).map((p) => p.name));
  const query = Object.fromEntries(
    Object.entries(parameters.query)
      .filter(([name]) => required.has(name))
      .map(([name, value]) => [name, typeof value === 'string' ? value : value.join(',')]),
  );
  return {
    operationId,
    ...(names.length === 0
      ? {}
      : {
          pathParams: Object.fromEntries(
            names.map((name) => [name, boundValue(bindings, operationId, name)]),
          ),
        }),
    ...(Object.keys(query).length === 0 ? {} : { query }),
    ...(body === undefined ? {} : { body: jsonObjectBody(context, operationId, body) }),
    description: `${operationId}, an operation this suite was not written for, with values drawn from its schemas`,
  };
}

/**
 * The request a test starts from: prepared by hand for an operation the suite knows (a control that must
 * succeed), drawn from the schemas of a newer one.
 */
export function baseRequest(
  h: Harness,
  context: TestContext,
  operationId: string,
  label: string,
): Promise<ValidRequest> {
  if (isUntaught(h, operationId)) return untaughtRequest(h, context, operationId, label);
  const preparable = PREPARABLE.find((id): id is PreparableOperation => id === operationId);
  if (preparable === undefined) throw new PreconditionError(`no valid request known for ${operationId}`);
  return prepareValidRequest(h, context, preparable, label);
}
