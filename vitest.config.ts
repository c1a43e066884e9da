import { defineConfig } from 'vitest/config';

/**
 * The conformance run: the suites under suites/, driven by `keys-conformance run`, which supplies the
 * target through `provide` (see src/run/run.ts). Workers share one harness per thread (isolate: false):
 * the contract's compiled validators and the keep-alive pool are built once per worker, not per file.
 */
export default defineConfig({
  test: {
    include: ['suites/**/*.test.ts'],
    root: new URL('.', import.meta.url).pathname,
    pool: 'threads',
    isolate: false,
    setupFiles: ['src/harness/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Retrying would hide a flaky target: a conformance verdict must come from the first answer.
    retry: 0,
    sequence: { shuffle: false },
  },
});
