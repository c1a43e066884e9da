import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunSettings } from '../../src/run/command.ts';
import { BUILTIN_PROFILES } from '../../src/run/profile.ts';
import { runHeader } from '../../src/run/run.ts';

const TARGET = { baseUrl: 'http://127.0.0.1:41000', token: 't', credentialId: 'cr-1', credentialKeyPem: 'k' };
const PROFILE = BUILTIN_PROFILES.full!;

describe("the run's first line", () => {
  it('names the target, the contract and the profile', () => {
    expect(runHeader('r1', { target: TARGET, embeddedReference: true, profile: PROFILE }, '1.807.0')).toBe(
      'keys-conformance run r1: http://127.0.0.1:41000 (embedded reference), contract 1.807.0, profile full',
    );
  });

  it('names the config file the settings came from, when one was read', () => {
    const options = { target: TARGET, embeddedReference: false, profile: PROFILE, configFile: 'ci.yaml' };
    expect(runHeader('r1', options, '1.807.0')).toBe(
      'keys-conformance run r1: http://127.0.0.1:41000, contract 1.807.0, profile full, settings from ci.yaml',
    );
  });

  it('says the embedded reference implements another contract than the one checked (--spec)', () => {
    const options = { target: TARGET, embeddedReference: true, profile: PROFILE };
    expect(runHeader('r1', options, '1.815.0', '1.807.0')).toBe(
      "keys-conformance run r1: http://127.0.0.1:41000 (embedded reference, which implements contract 1.807.0: what differs is the contract's change, not a fault), contract 1.815.0, profile full",
    );
    expect(runHeader('r1', options, '1.807.0', '1.807.0')).toContain(
      '(embedded reference), contract 1.807.0',
    );
  });

  it('names the faults the embedded reference runs with', () => {
    const options = {
      target: TARGET,
      embeddedReference: true,
      profile: PROFILE,
      referenceFaults: ['ecdsa-high-s'],
    };
    expect(runHeader('r1', options, '1.807.0')).toBe(
      'keys-conformance run r1: http://127.0.0.1:41000 (embedded reference, faults: ecdsa-high-s), contract 1.807.0, profile full',
    );
  });

  it('names the seed, so a run with a random one can be repeated', () => {
    const options = { target: TARGET, embeddedReference: false, profile: PROFILE, fuzz: { seed: 123 } };
    expect(runHeader('r1', options, '1.807.0')).toBe(
      'keys-conformance run r1: http://127.0.0.1:41000, contract 1.807.0, profile full, seed 123',
    );
  });

  it('names the shard, when the run is one', () => {
    const options = { target: TARGET, embeddedReference: false, profile: PROFILE, shard: '2/3' };
    expect(runHeader('r1', options, '1.807.0')).toBe(
      'keys-conformance run r1: http://127.0.0.1:41000, contract 1.807.0, profile full, shard 2/3',
    );
  });

  it('run: the config file read reaches the run options that name it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-conformance-header-'));
    try {
      const file = join(dir, 'ci.yaml');
      writeFileSync(file, 'workers: 1\n');
      expect((await resolveRunSettings({ config: file })).run.configFile).toBe(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
