/** The contract diff: `keys-conformance diff OLD.yaml NEW.yaml`. See README.md for the rules. */
export type { ChangeClass, ContractSide, DiffChange, DiffReport, DiffSummary, Side } from './change.ts';
export { breaks, CHANGE_CLASSES, summarize } from './change.ts';
export { diffContracts, type DiffSources } from './diff-contracts.ts';
export { DiffInputError } from './errors.ts';
export { loadAndDiff, readSpecFile } from './load.ts';
export { renderDiffMarkdown } from './markdown.ts';
export { renderDiffJson } from './json-report.ts';
export { runDiffCommand, DIFF_USAGE } from './command.ts';
export type { CommandIo } from '../command-io.ts';
export { ALL_CHANGE_IDS, OPERATION_RULES, SCHEMA_RULES } from './rules.ts';
