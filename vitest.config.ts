import { accessSync, constants } from 'node:fs';
import { defineConfig } from 'vitest/config';

const ROOT = new URL('.', import.meta.url).pathname;

/** vitest's module cache goes under node_modules; a checkout whose node_modules cannot be written runs without. */
function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The conformance run: the suites under suites/, driven by `keys-conformance run`, which supplies the
 * target through `provide` (see src/run/run.ts). Workers share one harness per thread (isolate: false):
 * the contract's compiled validators and the keep-alive pool are built once per worker, not per file.
 */
export default defineConfig({
  test: {
    include: ['suites/**/*.test.ts'],
    root: ROOT,
    pool: 'threads',
    isolate: false,
    setupFiles: ['src/harness/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Retrying would hide a flaky target: a conformance verdict must come from the first answer.
    retry: 0,
    sequence: { shuffle: false },
    // Each run is a vitest of its own, which transformed the same suites and src/ modules afresh: about a
    // tenth of a short run's CPU time. Cached entries are keyed by the file's content and vitest's config.
    experimental: writable(`${ROOT}node_modules`)
      ? { fsModuleCache: true, fsModuleCachePath: `${ROOT}node_modules/.cache/keys-conformance-vitest` }
      : {},
  },
});
