#!/usr/bin/env node
// The CLI is TypeScript, run from a bundle cached beside node_modules (cli-bundle.js) or else through tsx's
// loader, so there is no build step between a checkout and a run.
import { nodeVersionProblem } from './node-version.js';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  console.error(problem);
  process.exit(2);
}
// Third-party modules load first, natively, in case tsx's loader is registered after all: every import it
// sees, these packages' hundreds of files included, is a round trip to its hooks thread.
if (process.argv[2] === 'run' || process.argv[2] === 'replay') {
  await Promise.all([
    import('vitest/node'),
    import('undici'),
    import('yaml'),
    import('ajv/dist/2020.js'),
    import('fast-check'),
  ]);
}
const { loadCli } = await import('./cli-bundle.js');
const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
