#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so there is no build step between a checkout and a run.
import { nodeVersionProblem } from './node-version.js';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  console.error(problem);
  process.exit(2);
}
// Third-party modules load natively before tsx's loader is registered: once it is, every import, these
// packages' hundreds of files included, makes a round trip to its hooks thread, which cost a run about
// 0.4 s of its start. Only what is JavaScript already goes here; the TypeScript follows through tsx.
if (process.argv[2] === 'run' || process.argv[2] === 'replay') {
  await Promise.all([
    import('vitest/node'),
    import('undici'),
    import('yaml'),
    import('ajv/dist/2020.js'),
    import('fast-check'),
  ]);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
