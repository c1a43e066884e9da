/** The minimum Node.js version, [major, minor, patch], from package.json's `engines.node`. */
export function minimumNode(): [number, number, number];
/** Why `version` cannot run the tool, or undefined when it can. */
export function nodeVersionProblem(version: string, minimum?: readonly number[]): string | undefined;
