import { describe, expect, it } from 'vitest';
import { untaughtNote, untaughtOperationsNote } from '../../src/report/untaught-note.ts';

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

describe('untaughtOperationsNote', () => {
  it('nothing to say when every operation is one the suite knows', () => {
    expect(untaughtOperationsNote([])).toBeUndefined();
  });

  it('RotateKey: named, with what is tested of it and what is not', () => {
    const note = untaughtOperationsNote(['RotateKey', 'RefreshKey'], (name) => `\`${name}\``);
    expect(note).toMatch(
      /^The contract has operations this suite was not written for: `RotateKey`, `RefreshKey`\. /,
    );
    expect(note).toMatch(/tested from their schemas alone .*: what they do is not checked\.$/);
  });
});
