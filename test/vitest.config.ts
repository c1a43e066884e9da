import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The project's own tests. Two projects, run side by side: `unit` (fast) and `meta` (each test spawns whole
 * conformance runs of the CLI against the reference target — each run a vitest of its own plus a
 * reference). Whole runs, from any file, go two at a time through the slots of test/helpers/run-slots.ts:
 * the folder named here is shared by every test process of this vitest.
 */
const META = ['test/meta/**/*.test.ts', 'test/report/*-acceptance.test.ts'];
const RUN_SLOTS = join(tmpdir(), `kc-run-slots-${process.pid}`);

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    setupFiles: ['test/helpers/scratch-setup.ts'],
    globalSetup: ['test/helpers/run-slots-setup.ts'],
    env: { KC_RUN_SLOTS: RUN_SLOTS },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // Unit files spend much of their time in imports and loopback I/O, so two overlap well on two cores.
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: META, maxWorkers: 2 },
      },
      {
        extends: true,
        test: {
          name: 'meta',
          include: META,
          // A meta file mostly waits for its runs; two files keep the run slots full where one file's
          // last run, or a file of a single run, would leave one idle.
          maxWorkers: 2,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
