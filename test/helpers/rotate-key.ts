/**
 * A contract newer than the suite's by one operation: RotateKey, `POST /keys/{keyId}/rotate`, shaped as
 * DelegateKey (same auth, errors and key path) with a body and an answer of its own. Tests use it to show
 * what the suite does with an operation it was not written for.
 */

type PathItem = Record<string, unknown>;

/** Adds RotateKey to an openapi document (parsed openapi.yaml, modified in place) and returns it. */
export function withRotateKey<D extends { paths: Record<string, PathItem> }>(document: D): D {
  const delegate = document.paths['/keys/{keyId}/delegate'];
  if (delegate === undefined) throw new Error('the document has no DelegateKey path to shape RotateKey on');
  const post = delegate.post as Record<string, Record<string, unknown>>;
  document.paths['/keys/{keyId}/rotate'] = {
    parameters: delegate.parameters,
    post: {
      ...post,
      operationId: 'RotateKey',
      summary: 'Rotate the shares of a key',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['reason'],
              properties: { reason: { type: 'string', minLength: 1, maxLength: 200 } },
            },
          },
        },
      },
      responses: {
        ...post.responses,
        '200': {
          description: 'The key, its shares rotated.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Key' } } },
        },
      },
    },
  };
  return document;
}
