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

/**
 * The one value of an option read with parseArgs' `multiple: true`. Given twice, parseArgs would keep the
 * last and the first would be dropped unseen (`--output a --output b`), so it is refused, in the words
 * `run` and `check` use for a repeated flag.
 */
/** What every command says of a flag given more than once (which one was meant?). */
export function givenMoreThanOnce(flag: string, times: number): string {
  return `--${flag} is given ${times} times: give it once`;
}

export function givenOnce(flag: string, values: readonly string[] | undefined): string | undefined {
  if (values !== undefined && values.length > 1) throw new UsageError(givenMoreThanOnce(flag, values.length));
  return values?.[0];
}

type ErrorClass = abstract new (...args: never[]) => Error;

function errorCode(error: Error): string {
  return 'code' in error ? String(error.code) : '';
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && errorCode(error).startsWith('ERR_PARSE_ARGS');
}

function firstSentence(message: string): string {
  return ((message.split('\n')[0] ?? '').split(/\.\s/)[0] ?? '').replace(/\.$/, '');
}

/**
 * One line for a command-line mistake `node:util` parseArgs reports: its first sentence, without the
 * advice about positionals that follows it. A string option given no value, or one that looks like a flag
 * (`--seed -5`: parseArgs cannot tell a negative number from a forgotten value), says how to give it.
 */
function parseArgsLine(message: string): string {
  const [, option, problem] =
    /'(?:-\w, )?(--[\w-]+)(?: <value>)?' argument (missing|is ambiguous)/.exec(message) ?? [];
  if (option !== undefined) {
    return problem === 'missing'
      ? `${option} needs a value`
      : `${option} needs a value; one that starts with "-" is written ${option}=-…`;
  }
  const text = firstSentence(message);
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * One line for an error thrown while reading a command's arguments: parseArgs' own (see parseArgsLine),
 * else the first line of the message, which the command's checks word for the user.
 */
export function argsErrorLine(error: unknown): string {
  if (isParseArgsError(error)) return parseArgsLine(error.message);
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

/** One line for an error a command let through: a parseArgs error with a pointer to --help, else its first line. */
export function commandErrorLine(error: unknown): string {
  const line = argsErrorLine(error);
  return isParseArgsError(error) ? `${line} (see --help)` : line;
}

/**
 * One line for an error: the message of a usage error or of an error class the command knows to be
 * user-facing (`known`); a parseArgs error as argsErrorLine words it; a system error's first line; and
 * anything else as `internal error: …`.
 */
export function errorLine(error: unknown, known: readonly ErrorClass[] = []): string {
  if (error instanceof UsageError || known.some((cls) => error instanceof cls)) {
    return (error as Error).message;
  }
  if (isParseArgsError(error)) return parseArgsLine(error.message);
  if (error instanceof Error) {
    const first = firstSentence(error.message);
    return errorCode(error) === '' ? `internal error: ${first}` : first;
  }
  return `internal error: ${String(error)}`;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Text from a target (a key id it made up) as a command prints it: a control character would be a
 * terminal escape sequence or a line break of the target's choosing, so it is shown as `\u001b` instead.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
