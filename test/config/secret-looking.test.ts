import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { quoteValue, secretLook } from '../../src/config/secret-looking.ts';

/**
 * Which values an error may quote. A token pasted into the wrong setting must not reach a CI log through
 * the error that says the setting is wrong; ordinary values (URLs, paths, ids) must still be shown.
 */

const JWT =
  'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1cy1rY29uZi0xIiwiaWF0IjoxNzAwMDAwMDAwfQ.MEUCIQDx3sQ9fK2lq8Vb7nXr4aYt0PzWc5mJ6hLuG1e-Rk_oTg';

const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('secretLook', () => {
  it.each<[string, string, string]>([
    ['a PEM key', PEM, 'looks like a PEM key'],
    ['a JWT', JWT, 'looks like a JWT'],
    ['random base64', 'q3ZsN0Vt8kR2bXpLw9YhJc4TfA7uGd1e', 'looks like a secret'],
    [
      'a hex private key',
      '8f1c0b3e9a47d25c6e0f7b1a94c3d8e2057b6a1f3c9e4d0b8a2f6e1c7d3b5a90',
      'looks like a secret',
    ],
    ['a PEM body without its lines', PEM.split('\n')[1] ?? '', 'looks like a secret'],
  ])('%s looks like a secret', (_name, value, look) => {
    expect(secretLook(value)).toBe(look);
  });

  it.each<[string, string]>([
    ['a URL', 'https://api.dfns.io/keys'],
    ['a path', '/home/ci/projects/KeysConformanceCredential2024/credential-key.pem'],
    ['a Dfns id', 'cr-1f04s-cbacs-8g1a4i6mkjnpg4o1'],
    ['a UUID', '3f2b8c1e-9d4a-4f6b-8e2a-1c5d7b9e0f3a'],
    ['a number', '99999999999999999999999'],
  ])('%s does not', (_name, value) => {
    expect(secretLook(value)).toBeUndefined();
  });
});

describe('quoteValue', () => {
  it('shows a secret-looking value by its first 4 characters, its length and why', () => {
    expect(quoteValue(JWT)).toBe(`"eyJh…" (${JWT.length} characters, hidden: looks like a JWT)`);
  });

  it('quotes another value whole', () => {
    expect(quoteValue('ftp://x')).toBe('"ftp://x"');
  });
});
