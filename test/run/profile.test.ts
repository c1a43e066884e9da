import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES, loadProfile, ProfileError } from '../../src/run/profile.ts';
import { scratchDir } from '../helpers/scratch-dirs.ts';

function profileFile(text: string): string {
  const file = join(scratchDir('kc-profile-'), 'profile.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadProfile', () => {
  it('returns a built-in by name', () => {
    expect(loadProfile('dfns')).toBe(BUILTIN_PROFILES.dfns);
  });

  it('merges a file over the profile it extends', () => {
    const profile = loadProfile(
      profileFile('extends: dfns\nname: staging\ncapabilities: { import: true }\n'),
    );
    expect(profile.name).toBe('staging');
    expect(profile.capabilities).toMatchObject({ import: true, export: false, delegation: true });
    expect(profile.keyFormats).toEqual(BUILTIN_PROFILES.dfns?.keyFormats);
  });

  it.each([
    [
      'an unknown capability',
      'capabilities: { teleport: true }\n',
      /: unknown key "capabilities.teleport" \(known keys in capabilities: import, export, delegation/,
    ],
    [
      'an unknown hypothesis',
      'hypotheses: { deletdKeyStillReadable: true }\n',
      /: unknown key "hypotheses.deletdKeyStillReadable" \(known keys in hypotheses: exportedKeyRefusesSigning, deletedKeyStillReadable,/,
    ],
    ['an unknown top-level key', 'extend: dfns\n', /: unknown key "extend" \(known keys: extends, name,/],
    ['an unknown base profile', 'extends: nope\n', /: extends must be one of "full", "dfns"$/],
    ['a wrong type', 'maxListPages: many\n', /: maxListPages must be an integer$/],
    ['bad YAML', 'capabilities: [\n', /: is not valid YAML \(/],
    [
      'an unknown tag, by position only',
      'endUserId: !vault s3cretTOKENabc123\n',
      /: has YAML it cannot read as meant \(TAG_RESOLVE_FAILED at line 1, column 12: a tag this tool does not resolve, e.g. !vault\)$/,
    ],
    [
      'an unsupported YAML version',
      '%YAML 1.3\n---\nname: x\n',
      /: has YAML it cannot read as meant \(BAD_DIRECTIVE at line 1, column 7: a directive this tool does not read, e.g. %YAML 1.3\)$/,
    ],
    [
      'an alias bomb',
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
      /^profile .*profile\.yaml: is not usable YAML: its aliases expand to more than 100 copies \(an alias bomb\?\)$/,
    ],
  ])('rejects %s with a one-line message naming it', (_what, text, message) => {
    const file = profileFile(text);
    expect(() => loadProfile(file)).toThrow(ProfileError);
    expect(() => loadProfile(file)).toThrow(message);
  });

  it('does not echo a token given instead of a profile', () => {
    const token =
      'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1cy1rY29uZi0xIn0.MEUCIQDx3sQ9fK2lq8Vb7nXr4aYt0PzWc5mJ6hLuG1e';
    expect(() => loadProfile(token)).toThrow(
      `profile "eyJh…" (${token.length} characters, hidden: looks like a JWT) is neither a built-in (full, dfns) nor a readable file (ENOENT)`,
    );
  });

  it('names the built-ins when given neither a built-in nor a file', () => {
    expect(() => loadProfile('/no/such/profile.yaml')).toThrow(
      /neither a built-in \(full, dfns\) nor a readable file \(ENOENT\)/,
    );
  });
});
