import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

/** The run-slot folder (test/vitest.config.ts) goes with the vitest that shared it. */
export default function setup(project: TestProject): () => void {
  return () => {
    const folder = project.config.env.KC_RUN_SLOTS;
    if (typeof folder === 'string') rmSync(folder, { recursive: true, force: true });
  };
}
