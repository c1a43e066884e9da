import { describe, expect, it } from 'vitest';
import { errorMessage, truncate } from '../../src/checks/body.ts';
import { isSuccess } from '../../src/checks/check.ts';
import { answer } from './exchanges.ts';

/** The helpers every check reads a response through: success range, error message, truncation. */
describe('isSuccess', () => {
  it.each([
    [199, false],
    [200, true],
    [299, true],
    [300, false],
  ])('%i is a success: %s', (status, success) => {
    expect(isSuccess(status)).toBe(success);
  });
});

describe('errorMessage', () => {
  it.each([
    ['a string message', { error: { message: 'no' } }, 'no'],
    ['a number as message (not a stated reason)', { error: { message: 5 } }, undefined],
    ['no error object', { message: 'no' }, undefined],
  ])('%s', (_what, body, message) => {
    expect(errorMessage(answer('GetKey', 400, body))).toBe(message);
  });
});

describe('truncate', () => {
  it.each([
    ['at the limit, whole', 'x'.repeat(120), 'x'.repeat(120)],
    ['one over, cut with an ellipsis', 'x'.repeat(121), `${'x'.repeat(119)}…`],
  ])('%s', (_what, text, shown) => {
    expect(truncate(text, 120)).toBe(shown);
  });
});
