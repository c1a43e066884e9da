/**
 * Bad input to the diff (an unreadable file, invalid YAML, a document that is not OpenAPI, a `$ref`
 * that does not resolve). Its message is one line naming the file, what was wrong and what was expected,
 * so the CLI can print it as is, without a stack trace.
 */
export class DiffInputError extends Error {
  override readonly name = 'DiffInputError';
}
