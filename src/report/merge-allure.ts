import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MergeInputError } from './merge-reports.ts';

export interface AllureSource {
  /** The part (run directory) it belongs to, for messages. */
  readonly source: string;
  /** Its allure-results/ directory. */
  readonly dir: string;
}

export interface AllureCopy {
  readonly copied: number;
  /** Parts without an allure-results/ directory. */
  readonly missing: readonly string[];
}

// Per-test files carry a fresh UUID in their name, so two parts never write the same one; a clash with
// different bytes means the same results were edited, not sharded, and the report would silently lose one.
const PER_TEST = /-(result|container)\.json$|-attachment(\.[\w-]+)?$/;

/**
 * Copies every part's allure-results/ into one directory, so a single Allure report covers all shards.
 * Run-wide files (environment.properties, categories.json, executor.json) are the same in every part;
 * the first part's copy is kept.
 */
export function copyAllureResults(sources: readonly AllureSource[], target: string): AllureCopy {
  // Every clash is found before anything is copied, so a refused merge leaves no half-written results.
  const missing: string[] = [];
  const plan = new Map<string, { source: string; from: string }>();
  for (const { source, dir } of sources) {
    if (!existsSync(dir)) {
      missing.push(source);
      continue;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const from = join(dir, entry.name);
      const earlier = plan.get(entry.name);
      if (earlier === undefined) plan.set(entry.name, { source, from });
      else if (PER_TEST.test(entry.name) && !readFileSync(from).equals(readFileSync(earlier.from))) {
        throw new MergeInputError(
          `${earlier.source} and ${source} both hold allure result ${entry.name} with different contents`,
        );
      }
    }
  }
  mkdirSync(target, { recursive: true });
  for (const [name, { from }] of plan) copyFileSync(from, join(target, name));
  return { copied: plan.size, missing };
}
