import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MergeInputError } from './merge-reports.ts';

export interface AllureSource {
  /** The part (run directory) it belongs to, for messages. */
  readonly source: string;
  /** Its allure-results/ directory. */
  readonly dir: string;
}

/** What to copy from where, once every part's results are known not to clash. */
export interface AllurePlan {
  /** File name in the merged allure-results/ → the file it is copied from. */
  readonly files: ReadonlyMap<string, string>;
  /** Parts without an allure-results/ directory. */
  readonly missing: readonly string[];
}

// Per-test files carry a fresh UUID in their name, so two parts never write the same one; a clash with
// different bytes means the same results were edited, not sharded, and the report would silently lose one.
const PER_TEST = /-(result|container)\.json$|-attachment(\.[\w-]+)?$/;

/**
 * Which files of every part's allure-results/ go into the merged one, so a single Allure report covers
 * all shards. Run-wide files (environment.properties, categories.json, executor.json) are the same in
 * every part; the first part's copy is kept. Throws on a clash, before anything is written.
 */
export function planAllureResults(sources: readonly AllureSource[]): AllurePlan {
  const missing: string[] = [];
  const files = new Map<string, { source: string; from: string }>();
  for (const { source, dir } of sources) {
    if (!existsSync(dir)) {
      missing.push(source);
      continue;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const from = join(dir, entry.name);
      const earlier = files.get(entry.name);
      if (earlier === undefined) files.set(entry.name, { source, from });
      else if (PER_TEST.test(entry.name) && !readFileSync(from).equals(readFileSync(earlier.from))) {
        throw new MergeInputError(
          `${earlier.source} and ${source} both hold allure result ${entry.name} with different contents`,
        );
      }
    }
  }
  return { files: new Map([...files].map(([name, { from }]) => [name, from])), missing };
}

/** Copies the planned files into `target` (created when missing); returns how many. */
export function copyAllureResults(plan: AllurePlan, target: string): number {
  mkdirSync(target, { recursive: true });
  for (const [name, from] of plan.files) copyFileSync(from, join(target, name));
  return plan.files.size;
}
