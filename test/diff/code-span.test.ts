import { describe, expect, it } from 'vitest';
import { codeSpan } from '../../src/diff/code-span.ts';

describe('codeSpan', () => {
  it('wraps plain text in single backticks', () => {
    expect(codeSpan('^sig-[0-9a-z]+$')).toBe('`^sig-[0-9a-z]+$`');
  });

  it('fences with one more backtick than the longest run inside', () => {
    expect(codeSpan('a``b`c')).toBe('```a``b`c```');
  });

  it('pads text that starts or ends with a backtick, so the fence stays apart from it', () => {
    expect(codeSpan('`a`')).toBe('`` `a` ``');
  });

  it('pads text that starts and ends with a space, which the renderer would strip once', () => {
    expect(codeSpan(' a ')).toBe('`  a  `');
  });
});
