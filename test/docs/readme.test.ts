import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/checks/check-ids.ts';
import { loadConfigSources } from '../../src/config/resolve-config.ts';
import { resolveSetting } from '../../src/config/setting.ts';
import { TARGET_SETTINGS } from '../../src/config/target-settings.ts';
import { generateCredential } from '../../src/crypto/credential.ts';
import { RUN_SETTINGS, SUITES } from '../../src/run/run-settings.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('starts with the two commands: the full run, then the tests', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim().split('\n') ?? [];
    expect(block.map((line) => line.split('#')[0]?.trim())).toEqual([
      'npm ci && npx keys-conformance run',
      'npm test',
    ]);
  });

  it.each(CHECK_IDS)('names the check %s', (id) => {
    expect(readme).toContain(`\`${id}\``);
  });

  it.each(SUITES)('describes the suite %s', (suite) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${suite}\` +\\|`, 'm'));
  });

  it('its config file example is one that run reads', async () => {
    const example = /```yaml\n(# keys-conformance\.config\.yaml[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'keys-conformance-readme-'));
    try {
      writeFileSync(join(dir, 'keys-conformance.config.yaml'), example ?? '');
      writeFileSync(join(dir, 'credential.pem'), generateCredential('p256').privateKeyPem);
      const settings = [...TARGET_SETTINGS, ...RUN_SETTINGS];
      const sources = await loadConfigSources({ env: {}, cwd: dir }, settings);
      const fromFile = [];
      for (const spec of settings) {
        const resolved = await resolveSetting(spec, sources);
        if (resolved !== undefined) fromFile.push(spec.key);
      }
      expect(fromFile).toEqual([
        'baseUrl',
        'credentialId',
        'credentialKey',
        'timeouts.requestMs',
        'suites',
        'fuzz.runs',
        'fuzz.timeBudget',
        'workers',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
