import { describe, expect, it } from 'vitest';
import { stringNotes, stringNotesSuffix } from '../../suites/fuzz/input-notes.ts';
import type { FuzzRequest } from '../../src/run/replay-request.ts';

const request = (body: unknown): FuzzRequest => ({
  operationId: 'CreateKey',
  expect: 'accepted',
  description: 'a valid body (CreateKey)',
  body: { json: body },
});

describe('stringNotes', () => {
  it('CreateKey: names a zero-width joiner in a 100-code-point name by code point and index', () => {
    const name = `${'é'.repeat(57)}\u200d${' '.repeat(42)}`;
    const notes = stringNotes(request({ scheme: 'ECDSA', curve: 'secp256k1', name }));
    expect(notes).toEqual([
      { at: 'body.name', codePoints: 100, notable: [{ codePoint: 'U+200D', index: 57 }] },
    ]);
    expect(stringNotesSuffix(notes)).toBe(' (body.name: 100 code points, U+200D at 57)');
  });

  it('CreateKey: names combining marks, NUL, a no-break space and a lone surrogate, each once', () => {
    const notes = stringNotes(request({ name: 'e\u0301e\u0301\u0000\u00a0\ud800' }));
    expect(notes[0]?.notable.map((n) => n.codePoint)).toEqual(['U+0301', 'U+0000', 'U+00A0', 'U+D800']);
  });

  it('ListKeys: looks into query parameters too', () => {
    const notes = stringNotes({
      operationId: 'ListKeys',
      expect: 'accepted',
      description: 'valid parameters (ListKeys)',
      query: { owner: 'us-\u202e' },
    });
    expect(notes.map((n) => n.at)).toEqual(['query.owner']);
  });

  it('CreateKey: says nothing of plain text, spaces included', () => {
    expect(stringNotes(request({ name: 'a key named plainly' }))).toEqual([]);
    expect(stringNotesSuffix([])).toBe('');
  });
});
