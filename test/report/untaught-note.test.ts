import { describe, expect, it } from 'vitest';
import { untaughtNote } from '../../src/report/untaught-note.ts';

const OPTIONAL = { operationId: 'CreateKey', property: 'externalId', required: false };
const REQUIRED = { operationId: 'CreateKey', property: 'region', required: true };

describe('untaughtNote', () => {
  it('CreateKey: nothing to say when every body property is one the suite knows', () => {
    expect(untaughtNote([])).toBeUndefined();
  });

  it('CreateKey: an optional property is named, and the fuzzer said to send it', () => {
    expect(untaughtNote([OPTIONAL])).toBe(
      'The contract has request body properties this suite was not written for: CreateKey.externalId. The fuzzer sends them, with values from their schemas.',
    );
  });

  it('CreateKey: a required property also warns that hand-written requests leave it out', () => {
    const note = untaughtNote([OPTIONAL, REQUIRED], (name) => `\`${name}\``);
    expect(note).toContain('`CreateKey.externalId`, `CreateKey.region` (required).');
    expect(note).toMatch(/Requests the suites write by hand leave them out: .* the suite is out of date/);
  });
});
