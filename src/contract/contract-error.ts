/** A contract file that cannot be used: unreadable, not YAML, not OpenAPI 3.1, or internally inconsistent. */
export class ContractError extends Error {
  override readonly name = 'ContractError';

  constructor(message: string) {
    // One line, always: the message is printed as-is by the CLI and must not carry a YAML snippet.
    super(message.split('\n', 1)[0]!.trim());
  }
}
