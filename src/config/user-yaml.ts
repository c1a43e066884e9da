import { parseDocument, type YAMLError } from 'yaml';

/**
 * YAML the user gives (config file, profile file), parsed so that nothing of its text reaches the output:
 * such a file may hold the bearer token. The `yaml` library's `parse()` prints every warning (an unknown
 * tag, `%YAML 1.3`) as a Node process warning quoting the source line, and its errors quote it too; here
 * both become a one-line error with a code and a position only, and so does an alias bomb.
 */

/** A problem of the YAML text; the message says what and where, never the text. The caller names the file. */
export class UserYamlError extends Error {
  override readonly name = 'UserYamlError';
}

/** Aliases expanded at most: the library's default, well above what a settings file needs. */
const MAX_ALIAS_COUNT = 100;

/** Warnings that a tool reading the file as written cannot honour: silently ignored, a value would be wrong. */
const WARNING_WORDS: Readonly<Record<string, string>> = {
  TAG_RESOLVE_FAILED: 'a tag this tool does not resolve, e.g. !vault',
  BAD_DIRECTIVE: 'a directive this tool does not read, e.g. %YAML 1.3',
};

function where(problem: YAMLError): string {
  const at = problem.linePos?.[0];
  return at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
}

/** The value of a one-document YAML text; throws UserYamlError (code and position only) on any problem. */
export function parseUserYaml(text: string): unknown {
  // parseDocument, unlike parse(), collects warnings instead of printing them.
  const document = parseDocument(text);
  const error = document.errors[0];
  if (error !== undefined) throw new UserYamlError(`is not valid YAML (${error.code}${where(error)})`);
  const warning = document.warnings[0];
  if (warning !== undefined) {
    const words = WARNING_WORDS[warning.code];
    throw new UserYamlError(
      `has YAML it cannot read as meant (${warning.code}${where(warning)}${words === undefined ? '' : `: ${words}`})`,
    );
  }
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (problem) {
    // The library's ReferenceErrors name no file, and the unresolved-alias one quotes the alias.
    if (!(problem instanceof ReferenceError)) throw problem;
    throw new UserYamlError(
      problem.message.startsWith('Excessive alias count')
        ? `is not usable YAML: its aliases expand to more than ${MAX_ALIAS_COUNT} copies (an alias bomb?)`
        : 'is not usable YAML: an alias (*name) names no anchor (&name) set before it',
    );
  }
}
