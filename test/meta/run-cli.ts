import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../src/report/run-report.ts';
import { runSlot } from '../helpers/run-slots.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'keys-conformance.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly reportsDir: string;
  /** findings.json, when the run wrote one. */
  readonly report?: RunReport;
}

export interface CliOptions {
  /** Environment added to a clean one (no VITEST_* variables leak into the child's own vitest). */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Where reports go; default a fresh temporary directory. */
  readonly reportsDir?: string;
  readonly cwd?: string;
  /** Called with the child process once spawned (e.g. to interrupt it). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/**
 * Runs `keys-conformance <args>` in a child process, the way a user does, and collects its exit code,
 * output and findings.json. `--reports` is added for `run` unless the arguments already set it.
 */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const release = await runSlot();
  try {
    return await spawnCli(args, options);
  } finally {
    release();
  }
}

function spawnCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const reportsDir = options.reportsDir ?? scratchDir('kc-meta-');
  const full = [...args];
  if (args[0] === 'run' && !args.includes('--reports')) full.push('--reports', reportsDir);
  // Meta-tests run two CLIs side by side already; one worker each avoids paying module loading and
  // validator compilation twice per run.
  if (args[0] === 'run' && !args.includes('--workers')) full.push('--workers', '1');
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      value !== undefined &&
      !name.startsWith('VITEST') &&
      !name.startsWith('KEYS_') &&
      name !== 'NODE_OPTIONS'
    ) {
      env[name] = value;
    }
  }
  Object.assign(env, { FORCE_COLOR: '0', NO_COLOR: '1' }, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...full], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    options.onSpawn?.(child);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `keys-conformance ${full.join(' ')} did not finish within ${options.timeoutMs ?? 120_000} ms`,
        ),
      );
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const file = join(reportsDir, 'findings.json');
      const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunReport) : undefined;
      resolve({ code, stdout, stderr, reportsDir, ...(report === undefined ? {} : { report }) });
    });
  });
}
