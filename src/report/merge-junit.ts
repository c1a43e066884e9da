import { MergeInputError } from './merge-reports.ts';

export interface JunitInput {
  /** Where it was read from, for messages. */
  readonly source: string;
  readonly xml: string;
}

/** The root attributes CI tools read for the totals; summed over the inputs. */
const COUNTED = ['tests', 'failures', 'errors', 'skipped'] as const;

/**
 * One JUnit file from several: the `<testsuite>` elements of every input under one `<testsuites>` root
 * whose totals are the sums. The inputs are vitest's JUnit reports (one `<testsuite>` per suite file), so
 * the elements are moved as text, byte for byte, rather than parsed and re-serialised: what a CI UI shows
 * for a test is exactly what the shard wrote.
 */
export function mergeJunit(inputs: readonly JunitInput[]): string {
  let name: string | undefined;
  const totals = new Map<string, number>();
  let time = 0;
  const bodies: string[] = [];
  for (const input of inputs) {
    const { attributes, body } = splitRoot(input);
    name ??= attributes.get('name');
    for (const key of COUNTED) {
      const value = attributes.get(key);
      if (value !== undefined) totals.set(key, (totals.get(key) ?? 0) + count(input, key, value));
    }
    time += Number(attributes.get('time') ?? '0') || 0;
    if (body.trim() !== '') bodies.push(body.replace(/^\n+|\s+$/g, ''));
  }
  const attrs = [
    ...(name === undefined ? [] : [`name="${name}"`]),
    ...COUNTED.flatMap((key) => {
      const total = totals.get(key);
      return total === undefined ? [] : [`${key}="${total}"`];
    }),
    `time="${Math.round(time * 1e6) / 1e6}"`,
  ];
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites ${attrs.join(' ')}>\n${bodies.join('\n')}\n</testsuites>\n`;
}

function splitRoot(input: JunitInput): { attributes: Map<string, string>; body: string } {
  const xml = input.xml.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>)?\s*/, '');
  const empty = /^<testsuites\b([^>]*?)\/>/.exec(xml);
  if (empty) return { attributes: attributesOf(empty[1] ?? ''), body: '' };
  const open = /^<testsuites\b([^>]*)>/.exec(xml);
  if (open) {
    const end = xml.lastIndexOf('</testsuites>');
    if (end < open[0].length)
      throw new MergeInputError(`${input.source}: not JUnit XML: <testsuites> is not closed`);
    return { attributes: attributesOf(open[1] ?? ''), body: xml.slice(open[0].length, end) };
  }
  // A lone <testsuite> root is also JUnit; its own counts are the totals.
  const suite = /^<testsuite\b([^>]*)>/.exec(xml);
  if (suite) {
    const attributes = attributesOf(suite[1] ?? '');
    attributes.delete('name'); // the suite's name, not the run's
    return { attributes, body: `    ${xml.trim()}` };
  }
  throw new MergeInputError(
    `${input.source}: not JUnit XML: expected a <testsuites> or <testsuite> root element`,
  );
}

function attributesOf(text: string): Map<string, string> {
  return new Map([...text.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

function count(input: JunitInput, key: string, value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new MergeInputError(`${input.source}: not JUnit XML: ${key}="${value}" is not a count`);
  }
  return Number(value);
}
