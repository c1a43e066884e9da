import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * Public test vectors live in ../shared/vectors next to the repository (CI has it); they are read in place,
 * never copied. When the folder is absent the vector suites are skipped, and their titles say so.
 */
export const VECTORS_DIR = fileURLToPath(new URL('../../../shared/vectors/', import.meta.url));
export const VECTORS_PRESENT = existsSync(VECTORS_DIR);

/** The file's text, or undefined when the vectors folder is absent. */
export function readVectorText(relativePath: string): string | undefined {
  return VECTORS_PRESENT ? readFileSync(VECTORS_DIR + relativePath, 'utf8') : undefined;
}

export function readVectorJson(relativePath: string): unknown {
  const text = readVectorText(relativePath);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/**
 * Register a suite over vector data, or, when the vectors are absent, a skipped suite whose title says why
 * (so a run without ../shared/vectors shows the gap instead of silently passing fewer tests).
 */
export function describeWithVectors<T>(title: string, data: T | undefined, body: (data: T) => void): void {
  if (data === undefined) {
    describe.skip(`${title} (skipped: ../shared/vectors is absent)`, () => {
      it.skip(`needs ${VECTORS_DIR}`, () => undefined);
    });
  } else {
    describe(title, () => {
      body(data);
    });
  }
}
