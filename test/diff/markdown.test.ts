import { describe, expect, it } from 'vitest';
import { diffContracts } from '../../src/diff/diff-contracts.ts';
import { loadAndDiff } from '../../src/diff/load.ts';
import { renderDiffMarkdown } from '../../src/diff/markdown.ts';
import { FIXTURE_NEW, FIXTURE_OLD } from './paths.ts';
import { placedSpec } from './fixtures/spec-builders.ts';

const lines = async (oldFile: string, newFile: string): Promise<string[]> =>
  renderDiffMarkdown(await loadAndDiff(oldFile, newFile)).split('\n');

// Table rows of the section under a heading, up to the next heading.
function section(all: readonly string[], heading: string): string[] {
  const start = all.findIndex((l) => l.startsWith(heading));
  if (start < 0) return [];
  const end = all.findIndex((l, i) => i > start && l.startsWith('#'));
  return all
    .slice(start, end < 0 ? undefined : end)
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Operation') && !l.startsWith('| ---'));
}

describe('Markdown report', () => {
  it('heads with both versions and both files', async () => {
    const md = await lines(FIXTURE_OLD, FIXTURE_NEW);
    expect(md[0]).toBe('## Contract diff: 1.0.0 → 1.1.0');
    expect(md).toContain(`Old: \`${FIXTURE_OLD}\` (1.0.0) · New: \`${FIXTURE_NEW}\` (1.1.0)`);
  });

  it('counts changes by class', async () => {
    const md = await lines(FIXTURE_OLD, FIXTURE_NEW);
    expect(md).toEqual(
      expect.arrayContaining([
        '| Breaking for clients | 3 |',
        '| Breaking for servers | 4 |',
        '| Non-breaking | 0 |',
      ]),
    );
  });

  it('has one table per class that has changes, and none for an empty class', async () => {
    const md = await lines(FIXTURE_OLD, FIXTURE_NEW);
    expect(md.filter((l) => l.startsWith('### '))).toEqual([
      '### Breaking for clients (3)',
      '### Breaking for servers (4)',
    ]);
    expect(section(md, '### Breaking for clients')).toHaveLength(3);
    // The two keyId maxLength rows break clients, and servers too: they are in both tables.
    expect(section(md, '### Breaking for servers')).toHaveLength(4);
  });

  it('shows operation, location, id, message and pointers on each row', async () => {
    const rows = section(await lines(FIXTURE_OLD, FIXTURE_NEW), '### Breaking for servers');
    expect(rows).toContain(
      '| CreateKey `POST /keys` | request.body | `request-optional-property-added` | `storeId`: optional property added; old servers reject requests that carry it (the old object forbids unknown properties) | old `#/components/schemas/CreateKeyBody`<br>new `#/components/schemas/CreateKeyBody/properties/storeId` |',
    );
  });

  it('keeps the rows of one operation together', async () => {
    const rows = section(await lines(FIXTURE_OLD, FIXTURE_NEW), '### Breaking for clients');
    const operations = rows.map((r) => r.split(' | ')[0]);
    const firstSeen = operations.filter((op, i) => operations.indexOf(op) === i);
    const grouped = firstSeen.flatMap((op) => operations.filter((o) => o === op));
    expect(operations).toEqual(grouped);
    expect(operations).toEqual([
      '| GetKey `GET /keys/{keyId}`',
      '| GenerateSignature `POST /keys/{keyId}/signatures`',
      '| GenerateSignature `POST /keys/{keyId}/signatures`',
    ]);
  });

  it('escapes pipes so a message cannot break the table', () => {
    const s = (type: unknown) => ({ S: { type } });
    const report = diffContracts(
      placedSpec('response-body', s(['string', 'number'])),
      placedSpec('response-body', s('string')),
      {
        oldSource: 'a|b.yaml',
        newSource: 'new.yaml',
      },
    );
    const md = renderDiffMarkdown(report).split('\n');
    const row = md.find((l) => l.includes('response-type-narrowed'));
    expect(row).toContain('type string\\|number → string');
    expect(row?.split(/(?<!\\)\|/)).toHaveLength(7);
  });

  it('shows a pattern literally: backslash, *, _, | and a backtick survive', () => {
    const s = (pattern: string) => ({ S: { type: 'string', pattern } });
    const report = diffContracts(
      placedSpec('response-body', s('^a')),
      placedSpec('response-body', s('^a\\/*_b_*|`c$')),
      { oldSource: 'old.yaml', newSource: 'new.yaml' },
    );
    const row = renderDiffMarkdown(report)
      .split('\n')
      .find((l) => l.includes('response-pattern-changed'));
    // A code span keeps every character; the pipe alone needs its table escape.
    expect(row).toContain('pattern `^a` → ``^a\\/*_b_*\\|`c$``;');
  });

  it('says "no differences" for identical contracts, with no tables', async () => {
    const md = await lines(FIXTURE_OLD, FIXTURE_OLD);
    expect(md).toContain('**No differences** between the two contracts.');
    expect(md.filter((l) => l.startsWith('|'))).toEqual([]);
  });
});
