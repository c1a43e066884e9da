import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary folders for a test file, removed when the file ends (test/helpers/scratch-setup.ts). The CLI
 * runs of the meta-tests write reports of up to 40 MB each: kept, they filled /tmp with gigabytes per CI run.
 */
const made = new Set<string>();

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeScratchDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
