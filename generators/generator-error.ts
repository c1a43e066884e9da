/**
 * A generator cannot do what it was asked: the contract uses a keyword the generators do not model, a schema
 * admits no value, or an input (a "valid" body, a ListSigners response) is not what it claims to be. One line,
 * naming the pointer or field and what was expected, so a contract change fails loudly instead of silently
 * producing invalid data.
 */
export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';

  constructor(message: string) {
    super(message.split('\n', 1)[0]!.trim());
  }
}
