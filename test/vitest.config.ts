import { defineConfig } from 'vitest/config';

/**
 * The project's own tests. Two projects: `unit` (fast, two files at a time) and `meta` (each test spawns
 * whole conformance runs of the CLI against the reference target — each run a vitest of its own plus a
 * reference — so meta files go one at a time; inside a file, runs are queued two at a time).
 */
const META = ['test/meta/**/*.test.ts', 'test/report/*-acceptance.test.ts'];

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    setupFiles: ['test/helpers/scratch-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // vitest's default is one worker fewer than the CPUs, which is one on a two-core CI machine;
        // unit files spend much of their time in imports and loopback I/O, so two overlap well.
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: META, maxWorkers: 2 },
      },
      {
        extends: true,
        test: {
          name: 'meta',
          include: META,
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
