/**
 * What the CLI's subcommands share: where they write (tests pass their own), the error for a mistake in
 * the command line, and the one line any error becomes — never a stack trace.
 */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** A mistake in the command line; its message is shown as it is. */
export class UsageError extends Error {}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * One line for an error: the message of a usage error or of an error class the command knows to be
 * user-facing (`known`); parseArgs' first sentence without its advice; a system error's first line; and
 * anything else as `internal error: …`.
 */
export function errorLine(error: unknown, known: readonly ErrorClass[] = []): string {
  if (error instanceof UsageError || known.some((cls) => error instanceof cls)) {
    return (error as Error).message;
  }
  if (error instanceof Error) {
    const code = 'code' in error ? String(error.code) : '';
    const first = (error.message.split('\n')[0] ?? '').split(/\.\s/)[0] ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) {
      const text = first.replace(/\.$/, '');
      return text.charAt(0).toLowerCase() + text.slice(1);
    }
    return code === '' ? `internal error: ${first}` : first;
  }
  return `internal error: ${String(error)}`;
}
