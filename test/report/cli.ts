// `keys-conformance` as a user runs it: a child process of bin/, in a clean environment.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSlot } from '../helpers/run-slots.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'keys-conformance.js');

/** End-to-end tests need the embedded reference target; without it they are skipped. */
export const referencePresent = existsSync(join(ROOT, 'reference', 'index.ts'));

/** Runs the CLI and resolves to its exit code; stdio is dropped (the reports are the evidence). */
export async function cli(args: readonly string[], timeoutMs = 240_000): Promise<number | null> {
  const release = await runSlot();
  try {
    return await spawnCli(args, timeoutMs);
  } finally {
    release();
  }
}

function spawnCli(args: readonly string[], timeoutMs: number): Promise<number | null> {
  // No VITEST_* (the child's own vitest would take them for its own), no KEYS_* (a user's target).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('VITEST') && !k.startsWith('KEYS_') && k !== 'NODE_OPTIONS',
    ),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`keys-conformance ${args.join(' ')} did not finish in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
