// Files the diff tests read: fixtures here, and the project's own contracts when they exist.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

export const FIXTURE_OLD = root('test/diff/fixtures/keys-old.yaml');
export const FIXTURE_NEW = root('test/diff/fixtures/keys-new.yaml');
export const CURRENT_CONTRACT = root('openapi.yaml');
export const PREVIOUS_CONTRACT = root('specs/1.795.3.yaml');
export const REPORT_SCHEMA = root('docs/diff-report.schema.json');

/** True when both contracts of the real version bump are present (they are written alongside this code). */
export const realContractsPresent = existsSync(CURRENT_CONTRACT) && existsSync(PREVIOUS_CONTRACT);
