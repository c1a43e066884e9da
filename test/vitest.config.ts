import { defineConfig } from 'vitest/config';

// The project's own tests (unit and meta-tests). The conformance run has its own config at the root.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    root: new URL('..', import.meta.url).pathname,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
