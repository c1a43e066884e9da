import { describe, expect, it } from 'vitest';
import { describeHeaders, parseExtraHeaders } from '../../src/config/extra-headers.ts';
import type { SettingLocation } from '../../src/config/setting.ts';

const ENV: SettingLocation = { origin: 'env', label: 'KEYS_API_HEADERS', baseDir: '.' };
const FLAG: SettingLocation = { origin: 'flag', label: '--header', baseDir: '.' };
const FILE: SettingLocation = {
  origin: 'file',
  label: 'keys-conformance.config.yaml: headers',
  baseDir: '.',
};

describe('parseExtraHeaders', () => {
  it('reads "Name: value" lines as lower-case names to trimmed values', () => {
    expect(parseExtraHeaders('X-DFNS-APPID: ap-1\n\r\nX-Gateway:  a b \r\n', ENV)).toEqual({
      'x-dfns-appid': 'ap-1',
      'x-gateway': 'a b',
    });
  });

  it('reads a map from the config file', () => {
    expect(parseExtraHeaders({ 'X-DFNS-APPID': 'ap-1' }, FILE)).toEqual({ 'x-dfns-appid': 'ap-1' });
  });

  it('keeps a colon inside the value', () => {
    expect(parseExtraHeaders('X-Origin: https://app.example', FLAG)).toEqual({
      'x-origin': 'https://app.example',
    });
  });

  it.each<[string, unknown, SettingLocation, string]>([
    [
      'a line without a colon, not quoted',
      'X-Api-Key=hunter2',
      ENV,
      'KEYS_API_HEADERS: "line 1" is not "Name: value"',
    ],
    ['a name with a space', 'X Bad: v', ENV, 'KEYS_API_HEADERS: "X Bad" is not a header name'],
    ['Authorization', 'Authorization: Bearer x', ENV, 'cannot be set here: set the token in KEYS_API_TOKEN'],
    [
      'X-DFNS-USERACTION',
      'x-dfns-useraction: t',
      ENV,
      'cannot be set here: the run signs each user action itself',
    ],
    ['Host', 'Host: other', ENV, 'cannot be set here: it follows the target URL'],
    [
      'a control character in a value',
      { 'X-A': 'a\u0000b' },
      FILE,
      '"X-A" has a value that is not one line of text',
    ],
    ['a name given twice', 'X-A: 1\nx-a: 2', ENV, '"x-a" is given twice'],
    ['nothing', '\n  \n', ENV, 'names no header'],
    [
      'a credential on the command line',
      'X-Api-Key: hunter2',
      FLAG,
      'looks like a credential: set it in KEYS_API_HEADERS',
    ],
  ])('refuses %s in one line', (_title, raw, at, message) => {
    expect(() => parseExtraHeaders(raw, at)).toThrow(message);
  });

  it('never echoes a value in an error', () => {
    for (const raw of [
      'X-Api-Key=hunter2',
      'X-Api-Key: hunter2\nX-Api-Key: hunter2',
      'Authorization: hunter2',
    ]) {
      expect(() => parseExtraHeaders(raw, ENV)).toThrow(/^(?!.*hunter2)/);
    }
  });
});

describe('describeHeaders', () => {
  it('shows an application id and hides a credential-looking value', () => {
    expect(describeHeaders({ 'x-dfns-appid': 'ap-1', 'cf-access-client-secret': 'hunter2' })).toEqual({
      'x-dfns-appid': 'ap-1',
      'cf-access-client-secret': '(set)',
    });
  });
});

describe('parseExtraHeaders with names an object would misread', () => {
  it.each(['constructor', '__proto__', 'toString'])('keeps a header called %s as a header', (name) => {
    const headers = parseExtraHeaders(`${name}: v`, ENV);
    expect(Object.entries(headers)).toEqual([[name.toLowerCase(), 'v']]);
  });
});
