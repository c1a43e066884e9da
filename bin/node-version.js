// Plain JavaScript, run before tsx and vitest load: on an older Node they would fail with a stack trace
// from deep inside a dependency instead of saying what is wrong.
import { readFileSync } from 'node:fs';

/** The minimum as package.json's `engines.node` states it (`>=MAJOR.MINOR[.PATCH]`), so the two cannot disagree. */
export function minimumNode() {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const match = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(manifest.engines.node);
  if (match === null)
    throw new Error(`package.json engines.node "${manifest.engines.node}" is not >=X.Y[.Z]`);
  return match.slice(1).map((part) => Number(part ?? 0));
}

/** Why `version` (e.g. process.versions.node) cannot run the tool, or undefined when it can. */
export function nodeVersionProblem(version, minimum = minimumNode()) {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const have = parts[i] ?? 0;
    if (have > minimum[i]) return undefined;
    if (have < minimum[i]) {
      return `keys-conformance needs Node.js >= ${minimum.join('.')}; this is Node.js ${version}`;
    }
  }
  return undefined;
}
