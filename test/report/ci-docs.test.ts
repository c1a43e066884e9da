// The example workflows in docs/ci/ are code people copy: they must be valid YAML, call commands the CLI
// has with flags those commands take, and be the ones docs/ci/github-actions.md describes.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './cli.ts';

const CI = join(ROOT, 'docs', 'ci');
const WORKFLOWS = readdirSync(CI).filter((f) => f.endsWith('.yml'));
const run = promisify(execFile);

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly if?: string;
}
interface Workflow {
  readonly on: unknown;
  readonly jobs: Readonly<
    Record<string, { readonly steps: readonly Step[]; readonly env?: Readonly<Record<string, string>> }>
  >;
}

const workflow = (file: string): Workflow => parse(readFileSync(join(CI, file), 'utf8')) as Workflow;

/** Every `$KC <command> --flag …` in a workflow's shell steps, line continuations joined. */
function invocations(file: string): { command: string; flags: string[] }[] {
  const scripts = Object.values(workflow(file).jobs).flatMap((job) => job.steps.flatMap((s) => s.run ?? []));
  return scripts.flatMap((script) =>
    [...script.replace(/\\\n\s*/g, ' ').matchAll(/\$KC (\w+)([^\n;|&>]*)/g)].map((m) => ({
      command: m[1]!,
      flags: [...(m[2] ?? '').matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((f) => f[1]!),
    })),
  );
}

const helpCache = new Map<string, Promise<string>>();
function help(command: string): Promise<string> {
  let text = helpCache.get(command);
  if (text === undefined) {
    const bin = join(ROOT, 'bin', 'keys-conformance.js');
    text = run(process.execPath, [bin, command, '--help'], { timeout: 60_000 }).then(
      (r) => r.stdout + r.stderr,
    );
    helpCache.set(command, text);
  }
  return text;
}

describe('docs/ci workflows', () => {
  it('are the four the guide describes', () => {
    const guide = readFileSync(join(CI, 'github-actions.md'), 'utf8');
    expect(WORKFLOWS.sort()).toEqual([
      'nightly-staging.yml',
      'server-gate.yml',
      'sharded.yml',
      'spec-bump.yml',
    ]);
    for (const file of WORKFLOWS) expect(guide, file).toContain(`](${file})`);
  });

  it.each(WORKFLOWS)('%s is a workflow with triggers and steps', (file) => {
    const w = workflow(file);
    expect(w.on).toBeDefined();
    expect(Object.keys(w.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(w.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  it.each(WORKFLOWS)(
    '%s calls only commands and flags the CLI has',
    async (file) => {
      const calls = invocations(file);
      expect(calls.length).toBeGreaterThan(0);
      for (const { command, flags } of calls) {
        const text = await help(command);
        expect(text, `${file}: keys-conformance ${command}`).toMatch(
          new RegExp(`keys-conformance ${command}\\b`),
        );
        for (const flag of flags)
          expect(text, `${file}: keys-conformance ${command} ${flag}`).toContain(flag);
      }
    },
    120_000,
  );

  it.each(WORKFLOWS)('%s gives secrets to the steps that need them, not to the whole job', (file) => {
    for (const job of Object.values(workflow(file).jobs)) {
      expect(Object.values(job.env ?? {}).filter((value) => /\$\{\{\s*secrets\./.test(value))).toEqual([]);
    }
  });

  it.each(WORKFLOWS)('%s fixes the seed of every run it gates or compares', (file) => {
    const runs = invocations(file).filter((call) => call.command === 'run');
    expect(runs.filter((call) => !call.flags.includes('--seed'))).toEqual([]);
  });

  it('nightly-staging.yml cleans up after a job that timed out or was cancelled, not only one that failed', () => {
    const steps = Object.values(workflow('nightly-staging.yml').jobs).flatMap((job) => job.steps);
    const cleanup = steps.find((step) => step.run?.includes('$KC cleanup') === true);
    expect(cleanup?.if).toMatch(/cancelled\(\)/);
  });

  it.each(WORKFLOWS)('%s puts no secret on a command line', (file) => {
    const calls = Object.values(workflow(file).jobs)
      .flatMap((job) => job.steps.flatMap((s) => s.run ?? []))
      .join('\n');
    expect(calls).not.toMatch(/\$\{\{\s*secrets\./);
  });
});
